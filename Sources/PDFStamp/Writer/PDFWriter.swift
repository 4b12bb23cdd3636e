/// Numbered PDF objects written into one file with a cross-reference table (PDF 32000-1:2008 §7.5). Numbers can be
/// reserved before their object is known (a page tree names its pages before they are written); the file lists the
/// objects in number order, so the same calls always give the same bytes. Streams are written uncompressed: qpdf
/// compresses them when it writes the stamped copy.
struct PDFWriter {
    private var objects: [[UInt8]?] = []

    /// A number for an object given later with ``set(_:_:)``.
    mutating func reserve() -> Int {
        objects.append(nil)
        return objects.count
    }

    /// Gives the reserved object `number` its body (a dictionary, array, …).
    mutating func set(_ number: Int, _ body: String) {
        objects[number - 1] = Array(body.utf8)
    }

    /// Adds an object and returns its number.
    mutating func add(_ body: String) -> Int {
        let number = reserve()
        set(number, body)
        return number
    }

    /// Adds a stream whose dictionary gets the exact `/Length` of `content`, and returns its number.
    mutating func addStream(_ content: [UInt8], dictionary: String = "") -> Int {
        let number = reserve()
        var bytes = Array("<< /Length \(content.count)\(dictionary.isEmpty ? "" : " " + dictionary) >>\nstream\n".utf8)
        bytes += content
        bytes += Array("\nendstream".utf8)
        objects[number - 1] = bytes
        return number
    }

    /// The finished file: header, objects, cross-reference table, trailer. No `/Info` and no `/ID`: nothing in it
    /// depends on when or where it was made.
    func finish(root: Int) -> [UInt8] {
        // The header, then a comment with four bytes above 127 so tools treat the file as binary (§7.5.2).
        var bytes = Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            guard let object else { preconditionFailure("object \(index + 1) was reserved but never written") }
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n".utf8)
            bytes += object
            bytes += Array("\nendobj\n".utf8)
        }
        let xref = bytes.count
        var tail = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            tail += PDFSyntax.zeroPadded(offset, width: 10) + " 00000 n \n"  // exactly 20 bytes each
        }
        tail += "trailer\n<< /Size \(objects.count + 1) /Root \(root) 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(tail.utf8)
    }
}
