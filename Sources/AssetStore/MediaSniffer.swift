/// Recognises an asset's media kind and content type from its first bytes (magic numbers), like `file(1)` does.
public enum MediaSniffer {
    /// How many leading bytes ``sniff(_:fileName:)`` looks at.
    public static let headerLength = 512

    /// - Parameters:
    ///   - header: the first bytes of the content (up to ``headerLength``).
    ///   - fileName: used only to tell plain text from unknown binary content, never to override magic bytes.
    public static func sniff(_ header: [UInt8], fileName: String = "") -> (kind: MediaKind, contentType: String) {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            guard header.count >= offset + magic.count else { return false }
            return Array(header[offset..<(offset + magic.count)]) == magic
        }
        func ascii(_ string: String, at offset: Int = 0) -> Bool { starts(Array(string.utf8), at: offset) }

        if ascii("%PDF-") { return (.pdf, "application/pdf") }
        if starts([0x50, 0x4b, 0x03, 0x04]), ascii("mimetypeapplication/epub+zip", at: 30) {
            return (.epub, "application/epub+zip")
        }
        if starts([0xff, 0xd8, 0xff]) { return (.image, "image/jpeg") }
        if starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) { return (.image, "image/png") }
        if ascii("GIF87a") || ascii("GIF89a") { return (.image, "image/gif") }
        if ascii("II*\u{0}") || ascii("MM\u{0}*") { return (.image, "image/tiff") }
        if ascii("RIFF"), ascii("WEBP", at: 8) { return (.image, "image/webp") }
        if ascii("RIFF"), ascii("WAVE", at: 8) { return (.audio, "audio/wav") }
        if ascii("RIFF"), ascii("AVI ", at: 8) { return (.video, "video/x-msvideo") }
        if ascii("fLaC") { return (.audio, "audio/flac") }
        if ascii("OggS") {
            if header.count > 40, String(decoding: header.prefix(120), as: UTF8.self).contains("theora") {
                return (.video, "video/ogg")
            }
            return (.audio, "audio/ogg")
        }
        if ascii("ID3") || (header.count > 1 && header[0] == 0xff && (header[1] & 0xe0) == 0xe0) {
            return (.audio, "audio/mpeg")
        }
        if ascii("ftyp", at: 4) {
            let brand = header.count >= 12 ? String(decoding: header[8..<12], as: UTF8.self) : ""
            if brand.hasPrefix("M4A") || brand.hasPrefix("M4B") { return (.audio, "audio/mp4") }
            if brand.hasPrefix("qt") { return (.video, "video/quicktime") }
            return (.video, "video/mp4")
        }
        if starts([0x1a, 0x45, 0xdf, 0xa3]) {
            let text = String(decoding: header.prefix(64), as: UTF8.self)
            return text.contains("webm") ? (.video, "video/webm") : (.video, "video/x-matroska")
        }
        if starts([0x00, 0x00, 0x01, 0xba]) { return (.video, "video/mpeg") }
        if header.count > 188, header[0] == 0x47, header[188] == 0x47 { return (.video, "video/mp2t") }
        if starts([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]) {
            // ASF: WMA and WMV share the container; the stream type decides, which takes a parser. Treat as video
            // unless the name says audio, so the transcoder offers both kinds of rendition.
            return fileName.lowercased().hasSuffix(".wma") ? (.audio, "audio/x-ms-wma") : (.video, "video/x-ms-wmv")
        }
        // Text is always served as text/plain (HTML included) so a stored file can never run script in our origin.
        if looksLikeText(header) { return (.text, "text/plain; charset=utf-8") }
        return (.other, "application/octet-stream")
    }

    /// UTF-8 text without control characters other than tab, CR, LF and form feed.
    static func looksLikeText(_ header: [UInt8]) -> Bool {
        guard !header.isEmpty else { return false }
        if header.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d && $0 != 0x0c }) {
            return false
        }
        // A multi-byte sequence may be cut at the end of the header: decode only up to the last complete one.
        var end = header.count
        while end > 0, end > header.count - 4, header[end - 1] & 0xc0 == 0x80 { end -= 1 }
        if end > 0, header[end - 1] >= 0xc0 { end -= 1 }
        return String(validating: header[0..<end], as: UTF8.self) != nil
    }
}
