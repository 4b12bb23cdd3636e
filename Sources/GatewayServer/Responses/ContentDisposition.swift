/// `Content-Disposition` values (RFC 6266 with RFC 8187 `filename*` for UTF-8 names such as Chinese titles).
enum ContentDisposition {
    enum Kind: String {
        case inline
        case attachment
    }

    /// e.g. `attachment; filename="____.pdf"; filename*=UTF-8''%E5%9C%B0%E6%96%B9.pdf`.
    static func value(_ kind: Kind, fileName: String) -> String {
        // The plain `filename` is an ASCII fallback for old clients: anything outside printable ASCII, and the
        // characters that would break the quoted string or a path, become '_'.
        // A name with no ASCII letters or digits (a Chinese title) falls back to "download" plus its extension.
        let safe = String(
            decoding: fileName.utf8.filter { byte in
                (0x20..<0x7f).contains(byte) && byte != 0x22 && byte != 0x5c && byte != 0x2f && byte != 0x25
            }, as: UTF8.self)
        let dot = fileName.lastIndex(of: ".")
        let stem = dot.map { String(fileName[..<$0]) } ?? fileName
        let fallback: String
        if stem.unicodeScalars.contains(where: { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
            safe == fileName
        {
            fallback = safe
        } else {
            let ext = dot.map { String(fileName[$0...]) }.flatMap { $0.allSatisfy(\.isASCII) ? $0 : nil } ?? ""
            fallback = "download" + ext.filter { $0.isLetter || $0.isNumber || $0 == "." }
        }
        var encoded = ""
        let hex = Array("0123456789ABCDEF")
        for byte in fileName.utf8 {
            switch byte {
            // RFC 8187 attr-char
            case 0x41...0x5a, 0x61...0x7a, 0x30...0x39, 0x21, 0x23, 0x24, 0x26, 0x2b, 0x2d, 0x2e, 0x5e, 0x5f, 0x60,
                0x7c, 0x7e:
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.append("%")
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0f)])
            }
        }
        return "\(kind.rawValue); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
