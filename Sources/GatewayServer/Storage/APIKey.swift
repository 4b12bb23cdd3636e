public import Foundation

/// A member library's or an administrator's bearer key, as stored (never its secret).
public struct APIKey: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case library, admin }
    public var id: String
    public var kind: Kind
    /// The library a library key belongs to.
    public var library: String?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, kind: Kind, library: String?, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.kind = kind
        self.library = library
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
