import Foundation
import HTTPRanges
import Testing

@Suite("multipart/byteranges layout")
struct MultipartLayoutTests {
    struct LayoutCase: Sendable, CustomTestStringConvertible {
        var range: String
        var content: [UInt8]
        var contentType: String
        var testDescription: String { "\(range) over \(content.count) bytes, type '\(contentType)'" }
    }

    static let cases: [LayoutCase] = [
        LayoutCase(range: "bytes=0-9, -10, 10-19", content: Fixtures.nginxFile, contentType: "text/html"),
        LayoutCase(range: "bytes=0-9, -10, 100000-, 10-19", content: Fixtures.nginxFile, contentType: "text/html"),
        LayoutCase(range: "bytes=0-0,-2", content: Fixtures.goFile, contentType: "text/plain; charset=utf-8"),
        LayoutCase(range: "bytes=0-1,5-8", content: Fixtures.goFile, contentType: "text/plain"),
        LayoutCase(range: "bytes=0-1,5-", content: Fixtures.goFile, contentType: "application/octet-stream"),
        LayoutCase(range: "bytes=1-1,3-3,5-5,7-7,9-9", content: Fixtures.goFile, contentType: "application/pdf"),
        LayoutCase(range: "bytes=0-0,-1", content: Fixtures.goFile, contentType: ""),
        LayoutCase(range: "bytes=900-999,0-99,500-599", content: Fixtures.nginxFile, contentType: "文献/类型"),
        LayoutCase(
            range: "bytes=" + (0..<100).map { "\($0 * 10)-\($0 * 10 + 4)" }.joined(separator: ","),
            content: Fixtures.nginxFile, contentType: "text/plain"),
    ]

    @Test("assembled body matches the layout", arguments: cases)
    func assembledBody(_ row: LayoutCase) throws {
        let representation = Representation(
            length: Int64(row.content.count), etag: EntityTag(opaque: "x"), lastModified: nil,
            contentType: row.contentType)
        let plan = ResponsePlanner.plan(
            isHead: false, headers: ConditionalHeaders(range: row.range), representation: representation,
            boundary: Fixtures.boundary)
        guard case .multipart(let layout) = plan else {
            Issue.record("expected multipart, got \(plan)")
            return
        }
        let body = Fixtures.body(for: plan, content: row.content)
        #expect(layout.contentLength == Int64(body.count))
        #expect(layout.contentType == "multipart/byteranges; boundary=\(Fixtures.boundary)")
        #expect(layout.boundary == Fixtures.boundary)
        #expect(layout.trailer == "\r\n--\(Fixtures.boundary)--\r\n")

        let parts = try MultipartBodyReader.parse(body, boundary: Fixtures.boundary)
        #expect(parts.count == layout.parts.count)
        for (part, planned) in zip(parts, layout.parts) {
            let range = planned.range
            #expect(part.headers["content-range"] == "bytes \(range.first)-\(range.last)/\(row.content.count)")
            #expect(part.headers["content-type"] == (row.contentType.isEmpty ? nil : row.contentType))
            #expect(part.body == Array(row.content[Int(range.first)...Int(range.last)]))
        }
        // Parts are sorted, non-overlapping and non-adjacent.
        for (a, b) in zip(layout.parts, layout.parts.dropFirst()) {
            #expect(a.range.last + 1 < b.range.first)
        }
    }

    @Test func exactHeaderBytes() {
        let layout = MultipartLayout(
            ranges: [ByteRange(first: 0, last: 9), ByteRange(first: 990, last: 999)], totalLength: 1000,
            partContentType: "text/html", boundary: "B")
        #expect(
            layout?.parts.map(\.header) == [
                "--B\r\nContent-Type: text/html\r\nContent-Range: bytes 0-9/1000\r\n\r\n",
                "\r\n--B\r\nContent-Type: text/html\r\nContent-Range: bytes 990-999/1000\r\n\r\n",
            ])
        let headerBytes = 63 + 69  // counted by hand from the two strings above
        #expect(layout?.contentLength == Int64(headerBytes + 10 + 10 + "\r\n--B--\r\n".utf8.count))
    }

    @Test func nginxMultipartContent() throws {
        let representation = Representation(
            length: 1000, etag: EntityTag(opaque: "x"), lastModified: nil, contentType: "text/html")
        let plan = ResponsePlanner.plan(
            isHead: false, headers: ConditionalHeaders(range: "bytes=0-9, -10, 10-19"),
            representation: representation, boundary: "nginx")
        let body = String(decoding: Fixtures.body(for: plan, content: Fixtures.nginxFile), as: UTF8.self)
        #expect(body.contains("X000XXXXXX"))
        #expect(body.contains("X099XXXXXX\r\n"))
        #expect(body.contains("X001XXXXXX"))
    }

    @Test func bodyLengthBeyondInt64FallsBackToFull() {
        let huge = Representation(
            length: Int64.max, etag: EntityTag(opaque: "x"), lastModified: nil, contentType: "a/b")
        // 1 + (Int64.max - 2) bytes of ranges: fits the length, but not with the part headers added.
        let plan = ResponsePlanner.plan(
            isHead: false, headers: ConditionalHeaders(range: "bytes=0-0,2-"), representation: huge, boundary: "B")
        #expect(plan == .full)
        let small = ResponsePlanner.plan(
            isHead: false, headers: ConditionalHeaders(range: "bytes=0-0,-1"), representation: huge, boundary: "B")
        #expect(Expected(small) == .multipart([0...0, (Int64.max - 1)...(Int64.max - 1)]))
    }

    @Test func randomBoundaries() {
        let boundaries = (0..<100).map { _ in MultipartLayout.randomBoundary() }
        #expect(Set(boundaries).count == 100)
        for boundary in boundaries {
            #expect(boundary.utf8.count == 32)
            #expect(boundary.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
    }

    @Test func statusCodes() {
        let range = ByteRange(first: 0, last: 0)
        #expect(ResponsePlan.full.statusCode == 200)
        #expect(ResponsePlan.notModified.statusCode == 304)
        #expect(ResponsePlan.preconditionFailed.statusCode == 412)
        #expect(ResponsePlan.partial(range).statusCode == 206)
        #expect(ResponsePlan.rangeNotSatisfiable.statusCode == 416)
        #expect(range.contentRange(totalLength: 1) == "bytes 0-0/1")
        #expect(ByteRange.unsatisfiedContentRange(totalLength: 1000) == "bytes */1000")
        #expect(ByteRange(first: 10, last: 19).count == 10)
    }
}
