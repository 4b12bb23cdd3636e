import Foundation

/// A small, independent multipart/byteranges reader for checking assembled bodies (RFC 2046 §5.1.1),
/// written from the RFC rather than from `MultipartLayout`, so the two can disagree.
struct MultipartBodyReader {
    struct Part: Equatable {
        var headers: [String: String]
        var body: [UInt8]
    }

    enum Failure: Error, Equatable {
        case missingFirstDelimiter
        case missingHeaderEnd
        case missingCloseDelimiter
        case trailingGarbage
    }

    /// Splits `body` into parts. Each delimiter is `CRLF--boundary` (the first may lack the CRLF);
    /// the close delimiter is `CRLF--boundary--` followed by an optional CRLF.
    static func parse(_ body: [UInt8], boundary: String) throws(Failure) -> [Part] {
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n".utf8) + dashBoundary
        var index: Int
        if body.starts(with: dashBoundary) {
            index = dashBoundary.count
        } else if body.starts(with: delimiter) {
            index = delimiter.count
        } else {
            throw .missingFirstDelimiter
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes, CRLF starts a part.
            if body[index...].starts(with: Array("--".utf8)) {
                let rest = Array(body[(index + 2)...])
                guard rest.isEmpty || rest == Array("\r\n".utf8) else { throw .trailingGarbage }
                return parts
            }
            guard body[index...].starts(with: Array("\r\n".utf8)) else { throw .missingCloseDelimiter }
            index += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: index) else { throw .missingHeaderEnd }
            var headers: [String: String] = [:]
            for line in String(decoding: body[index..<headerEnd], as: UTF8.self).split(separator: "\r\n") {
                let pieces = line.split(separator: ":", maxSplits: 1)
                headers[String(pieces[0]).lowercased()] = pieces.count > 1
                    ? String(pieces[1]).trimmingCharacters(in: .whitespaces) : ""
            }
            let contentStart = headerEnd + 4
            guard let next = find(delimiter, in: body, from: contentStart) else { throw .missingCloseDelimiter }
            parts.append(Part(headers: headers, body: Array(body[contentStart..<next])))
            index = next + delimiter.count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
