import Foundation

/// Writes an original for the benchmark straight to disk (a 1,000-page scan is 300 MB; it is never held in memory):
/// A4 pages of Helvetica text, or pages each showing its own copy of a JPEG (as a scanner's PDF does).
enum OriginalGenerator {
    static func write(pages: Int, scan jpeg: Data?, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown) }
        defer { try? file.close() }
        var offset = 0
        var offsets: [Int] = []
        func put(_ data: Data) {
            file.write(data)
            offset += data.count
        }
        func object(_ number: Int, _ body: String, stream: Data? = nil) {
            precondition(number == offsets.count + 1, "objects are written in order")
            offsets.append(offset)
            put(Data("\(number) 0 obj\n\(body)\n".utf8))
            if let stream {
                put(Data("stream\n".utf8))
                put(stream)
                put(Data("\nendstream\n".utf8))
            }
            put(Data("endobj\n".utf8))
        }
        let size = jpeg.map(jpegSize) ?? nil
        if jpeg != nil && size == nil { throw CocoaError(.fileReadCorruptFile) }

        put(Data("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8))
        object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        let perPage = jpeg == nil ? 2 : 3
        let kids = (0..<pages).map { "\(4 + $0 * perPage) 0 R" }.joined(separator: " ")
        object(2, "<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for page in 0..<pages {
            let first = 4 + page * perPage
            if let jpeg, let size {
                let content = Data("q 595 0 0 842 0 0 cm /Im1 Do Q\n".utf8)
                object(
                    first,
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 \(first + 2) 0 R >> >> /Contents \(first + 1) 0 R >>"
                )
                object(first + 1, "<< /Length \(content.count) >>", stream: content)
                object(
                    first + 2,
                    "<< /Type /XObject /Subtype /Image /Width \(size.width) /Height \(size.height) /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length \(jpeg.count) >>",
                    stream: jpeg)
            } else {
                var text = "BT /F1 11 Tf 14 TL 72 770 Td\n"
                for line in 0..<48 {
                    text += "(Page \(page + 1), line \(line + 1): the quick brown fox jumps over the lazy dog.) '\n"
                }
                text += "ET\n"
                let content = Data(text.utf8)
                object(
                    first,
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(first + 1) 0 R >>"
                )
                object(first + 1, "<< /Length \(content.count) >>", stream: content)
            }
        }
        let xref = offset
        var tail = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for entry in offsets {
            let digits = String(entry)
            tail += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        tail += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        put(Data(tail.utf8))
    }

    /// Width and height from a JPEG's start-of-frame marker (SOF0–SOF2).
    static func jpegSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xC2).contains(marker) {
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return (width, height)
            }
            index += 2 + length
        }
        return nil
    }
}
