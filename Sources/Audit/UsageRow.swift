/// One line of a usage report: the requests of one library, collection, day or action.
public struct UsageRow: Sendable, Hashable, Codable {
    /// The library, collection, action, or day (`yyyy-MM-dd`) this row counts.
    public var key: String
    /// Every audited request.
    public var requests: Int
    /// Requests whose decision was `allow`.
    public var allowed: Int
    /// Requests whose decision was `deny`.
    public var denied: Int
    /// Body bytes sent.
    public var bytes: Int64

    /// Creates a row.
    public init(key: String, requests: Int, allowed: Int, denied: Int, bytes: Int64) {
        self.key = key
        self.requests = requests
        self.allowed = allowed
        self.denied = denied
        self.bytes = bytes
    }
}
