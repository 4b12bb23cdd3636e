import CQPDF
import Foundation

/// The bytes a viewer reading by ranges (pdf.js, a browser's viewer) must fetch before it can draw page 1 of a PDF
/// that is not linearized: the end of the file (trailer, `startxref`) and the whole cross-reference section, then
/// every object page 1 needs — the catalog, the page tree down to the page, the page, its content, its resources
/// and all they refer to (fonts, images, forms), not other pages. Each object counts from its offset to the next
/// object's (an object in an object stream counts the whole stream, once). A linearized file puts all of that first;
/// its hint table says where it ends (`qpdf --show-linearization`: `first_page_end`).
enum FirstPageBytes {
    struct Measure: CustomStringConvertible {
        var bytes: Int
        var objects: Int
        var ranges: Int
        var description: String { "bytes=\(bytes) objects=\(objects) ranges=\(ranges)" }
    }

    static func measure(_ path: String, xref: String) throws -> Measure {
        // "12/0: uncompressed; offset = 345" or "13/0: compressed; stream = 7, index = 2"
        var offsets: [Int32: Int] = [:]
        var container: [Int32: Int32] = [:]
        for line in xref.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let number = Int32(parts[0].split(separator: "/")[0]) else { continue }
            if let range = parts[1].range(of: "offset = ") {
                offsets[number] = Int(parts[1][range.upperBound...].trimmingCharacters(in: .whitespaces))
            } else if let range = parts[1].range(of: "stream = ") {
                let stream = parts[1][range.upperBound...].prefix { $0.isNumber }
                container[number] = Int32(stream)
            }
        }
        guard let qpdf = qpdf_init() else { throw Failure.qpdf("out of memory") }
        var handle: qpdf_data? = qpdf
        defer { qpdf_cleanup(&handle) }
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, 1)
        if qpdf_read(qpdf, path, "") & 2 != 0 { throw Failure.qpdf("cannot read \(path)") }
        let fileSize = Int((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        let xrefOffset = try startxref(path, fileSize: fileSize)

        // Objects page 1 needs: the catalog and page-tree root, then everything reachable from the page except
        // /Parent (the rest of the page tree) — the page's ancestors are added by walking /Parent up.
        var needed = Set<Int32>()
        var queue: [qpdf_oh] = []
        let root = qpdf_get_root(qpdf)
        needed.insert(qpdf_oh_get_object_id(qpdf, root))
        let page = qpdf_get_page_n(qpdf, 0)
        var node = qpdf_oh_get_key(qpdf, page, "/Parent")
        while qpdf_oh_is_dictionary(qpdf, node) != 0, needed.insert(qpdf_oh_get_object_id(qpdf, node)).inserted {
            node = qpdf_oh_get_key(qpdf, node, "/Parent")
        }
        queue.append(page)
        needed.insert(qpdf_oh_get_object_id(qpdf, page))
        while let object = queue.popLast() {
            var children: [qpdf_oh] = []
            let dictionary = qpdf_oh_is_stream(qpdf, object) != 0 ? qpdf_oh_get_dict(qpdf, object) : object
            if qpdf_oh_is_dictionary(qpdf, dictionary) != 0 {
                var keys: [String] = []
                qpdf_oh_begin_dict_key_iter(qpdf, dictionary)
                while qpdf_oh_dict_more_keys(qpdf) != 0 { keys.append(String(cString: qpdf_oh_dict_next_key(qpdf))) }
                for key in keys where key != "/Parent" && key != "/P" {
                    children.append(qpdf_oh_get_key(qpdf, dictionary, key))
                }
            } else if qpdf_oh_is_array(qpdf, object) != 0 {
                for index in 0..<qpdf_oh_get_array_n_items(qpdf, object) {
                    children.append(qpdf_oh_get_array_item(qpdf, object, index))
                }
            }
            for child in children {
                if qpdf_oh_is_indirect(qpdf, child) != 0 {
                    if needed.insert(qpdf_oh_get_object_id(qpdf, child)).inserted { queue.append(child) }
                } else if qpdf_oh_is_dictionary(qpdf, child) != 0 || qpdf_oh_is_array(qpdf, child) != 0 {
                    queue.append(child)
                }
            }
        }

        // Byte spans: from an object's offset to the next offset in the file (or to the xref section).
        let boundaries = (Array(offsets.values) + [xrefOffset]).sorted()
        func span(_ number: Int32) -> Range<Int>? {
            guard let start = offsets[number] else { return nil }
            let end = boundaries.first { $0 > start } ?? fileSize
            return start..<end
        }
        var spans = Set<Range<Int>>()
        for number in needed {
            if let range = span(container[number] ?? number) { spans.insert(range) }
        }
        spans.insert(xrefOffset..<fileSize)
        // Adjacent spans are one range request.
        var ranges = 0
        var previousEnd = -1
        for range in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound != previousEnd { ranges += 1 }
            previousEnd = range.upperBound
        }
        return Measure(bytes: spans.reduce(0) { $0 + $1.count }, objects: needed.count, ranges: ranges)
    }

    /// The offset after the last `startxref`.
    static func startxref(_ path: String, fileSize: Int) throws -> Int {
        guard let file = FileHandle(forReadingAtPath: path) else { throw Failure.qpdf("cannot open \(path)") }
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(max(0, fileSize - 1024)))
        let tail = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        guard let range = tail.range(of: "startxref", options: .backwards),
            let offset = Int(tail[range.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        else { throw Failure.qpdf("no startxref in \(path)") }
        return offset
    }

    enum Failure: Error { case qpdf(String) }
}
