/// Accumulates numbered PDF objects and records each one's byte offset for the cross-reference table
/// (PDF 32000-1:2008 §7.5). Objects are written in number order, so object `n` is the `n`th entry.
struct PDFObjectWriter {
    private(set) var bytes: [UInt8] = []
    private var offsets: [Int] = []

    init() {
        // Header, then a comment with four bytes above 127 so tools treat the file as binary (§7.5.2).
        append("%PDF-1.4\n")
        bytes += [UInt8(ascii: "%"), 0xE2, 0xE3, 0xCF, 0xD3, UInt8(ascii: "\n")]
    }

    /// The number the next object will get.
    var nextObjectNumber: Int { offsets.count + 1 }

    /// Writes `n 0 obj … endobj` and returns `n`.
    @discardableResult
    mutating func addObject(_ body: String) -> Int {
        offsets.append(bytes.count)
        let number = offsets.count
        append("\(number) 0 obj\n")
        append(body)
        append("\nendobj\n")
        return number
    }

    /// Writes a stream object whose dictionary gets the exact `/Length` of `content`.
    @discardableResult
    mutating func addStream(_ content: [UInt8], dictionary: String = "") -> Int {
        offsets.append(bytes.count)
        let number = offsets.count
        append("\(number) 0 obj\n<< /Length \(content.count)\(dictionary.isEmpty ? "" : " " + dictionary) >>\nstream\n")
        bytes += content
        append("\nendstream\nendobj\n")
        return number
    }

    /// Appends the cross-reference table, trailer and `%%EOF`, returning the finished file.
    mutating func finish(root: Int, info: Int) -> [UInt8] {
        let xrefOffset = bytes.count
        append("xref\n0 \(offsets.count + 1)\n")
        // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, type, space, LF.
        append("0000000000 65535 f \n")
        for offset in offsets {
            append(Self.zeroPadded(offset, width: 10) + " 00000 n \n")
        }
        append("trailer\n<< /Size \(offsets.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\n")
        append("startxref\n\(xrefOffset)\n%%EOF\n")
        return bytes
    }

    private mutating func append(_ text: String) {
        bytes += text.utf8
    }

    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
