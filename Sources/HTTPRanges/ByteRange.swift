/// A satisfiable, inclusive byte range of a representation, e.g. `0...99` for the first hundred bytes.
public struct ByteRange: Sendable, Hashable {
    /// Offset of the first byte sent (inclusive).
    public var first: Int64
    /// Offset of the last byte sent (inclusive).
    public var last: Int64

    /// Creates a range; `first` must be non-negative and not after `last`.
    public init(first: Int64, last: Int64) {
        precondition(first >= 0 && first <= last, "ByteRange needs 0 <= first <= last, got \(first)-\(last)")
        self.first = first
        self.last = last
    }

    /// Number of bytes in the range.
    public var count: Int64 { last - first + 1 }

    /// The `Content-Range` value for this range, e.g. `bytes 0-99/1000`.
    public func contentRange(totalLength: Int64) -> String {
        "bytes \(first)-\(last)/\(totalLength)"
    }

    /// The value of `Content-Range` on a 416 response: `bytes */1000` (RFC 9110 §14.4).
    public static func unsatisfiedContentRange(totalLength: Int64) -> String {
        "bytes */\(totalLength)"
    }
}
