import Foundation
import HTTPRanges

/// Shared test fixtures: the files nginx's and Go's test suites serve, and a body assembler.
enum Fixtures {
    /// nginx `range.t`: `sprintf "X%03dXXXXXX"` for 0…99 — 1000 bytes.
    static let nginxFile: [UInt8] = Array((0..<100).map { "X" + String(format: "%03d", $0) + "XXXXXX" }.joined().utf8)
    /// Go `net/http/testdata/file` — 11 bytes.
    static let goFile: [UInt8] = Array("0123456789\n".utf8)
    /// Go `net/http/testdata/style.css` — 8 bytes.
    static let goStyle: [UInt8] = Array("body {}\n".utf8)
    /// Go `net/http/testdata/index.html` — 22 bytes.
    static let goIndex: [UInt8] = Array("index.html says hello\n".utf8)

    /// `Mon, 28 Sep 1970 06:00:00 GMT` as used by nginx's `range_if_range.t`.
    static let nginxDate = Date(timeIntervalSince1970: 23_349_600)
    /// Go's `range_with_modtime`: 2014-06-25 17:12:18 UTC.
    static let goDate = Date(timeIntervalSince1970: 1_403_716_338)
    /// The RFC example date, Sun, 06 Nov 1994 08:49:37 GMT.
    static let rfcDate = Date(timeIntervalSince1970: 784_111_777)

    static let boundary = "3d6b6a416f9b5"

    /// Builds the response body a server would send for `plan` over `content`.
    static func body(for plan: ResponsePlan, content: [UInt8]) -> [UInt8] {
        switch plan {
        case .full:
            return content
        case .notModified, .preconditionFailed, .rangeNotSatisfiable:
            return []
        case .partial(let range):
            return Array(content[Int(range.first)...Int(range.last)])
        case .multipart(let layout):
            var body: [UInt8] = []
            for part in layout.parts {
                body += Array(part.header.utf8)
                body += content[Int(part.range.first)...Int(part.range.last)]
            }
            body += Array(layout.trailer.utf8)
            return body
        }
    }
}
