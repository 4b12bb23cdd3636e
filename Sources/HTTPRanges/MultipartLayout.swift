/// The exact byte layout of a `multipart/byteranges` body (RFC 9110 §14.6).
///
/// The body is, in order, for each part: `header` (UTF-8) followed by the representation's bytes
/// `range.first...range.last`; then `trailer`. The first part's header has no leading CRLF
/// (`--B\r\n…`), every later one starts with CRLF (`\r\n--B\r\n…`), and the trailer is `\r\n--B--\r\n`.
/// ``contentLength`` is the exact total, so the response can carry `Content-Length`.
public struct MultipartLayout: Sendable, Equatable {
    /// One body part: its header block and the byte range that follows it.
    public struct Part: Sendable, Equatable {
        /// Delimiter line plus `Content-Type` and `Content-Range` fields plus the empty line.
        public var header: String
        /// The representation bytes that follow the header.
        public var range: ByteRange

        /// Creates a part.
        public init(header: String, range: ByteRange) {
            self.header = header
            self.range = range
        }
    }

    /// The boundary string (without leading dashes).
    public var boundary: String
    /// The parts in ascending, non-overlapping range order.
    public var parts: [Part]
    /// The closing delimiter, `\r\n--B--\r\n`.
    public var trailer: String
    /// Exact number of bytes in the whole body.
    public var contentLength: Int64
    /// The response `Content-Type`: `multipart/byteranges; boundary=B`.
    public var contentType: String

    /// Lays out a body for `ranges` (already sorted and coalesced) of a representation.
    /// - Parameters:
    ///   - ranges: at least one range; the planner passes two or more.
    ///   - totalLength: the representation length, for each part's `Content-Range`.
    ///   - partContentType: each part's `Content-Type`; empty leaves the field out.
    ///   - boundary: 1–70 boundary characters (RFC 2046 `bchars`), e.g. from ``randomBoundary()``.
    /// - Returns: `nil` only when the body length would not fit in `Int64` (a representation near 2^63 bytes).
    public init?(ranges: [ByteRange], totalLength: Int64, partContentType: String, boundary: String) {
        self.boundary = boundary
        let typeLine = partContentType.isEmpty ? "" : "Content-Type: \(partContentType)\r\n"
        var length: Int64 = 0
        var parts: [Part] = []
        parts.reserveCapacity(ranges.count)
        for (index, range) in ranges.enumerated() {
            let lead = index == 0 ? "" : "\r\n"
            let contentRange = range.contentRange(totalLength: totalLength)
            let header = "\(lead)--\(boundary)\r\n\(typeLine)Content-Range: \(contentRange)\r\n\r\n"
            guard let added = Self.add(length, Int64(header.utf8.count), range.count) else { return nil }
            length = added
            parts.append(Part(header: header, range: range))
        }
        self.parts = parts
        self.trailer = "\r\n--\(boundary)--\r\n"
        guard let total = Self.add(length, Int64(trailer.utf8.count)) else { return nil }
        self.contentLength = total
        self.contentType = "multipart/byteranges; boundary=\(boundary)"
    }

    private static func add(_ values: Int64...) -> Int64? {
        var total: Int64 = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// A fresh random boundary: 32 lowercase hexadecimal digits from the system random source.
    public static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count)
            + low
    }
}
