public import Foundation

/// What the planner needs to know about the selected representation.
public struct Representation: Sendable {
    /// Length in bytes (non-negative).
    public var length: Int64
    /// The current entity tag; the gateway's tags are strong (derived from sha256).
    public var etag: EntityTag
    /// Last modification time, or `nil` when unknown. Compared in whole seconds (fractions are dropped),
    /// because HTTP-dates carry whole seconds.
    public var lastModified: Date?
    /// Media type, used as each part's `Content-Type` in a multipart/byteranges body
    /// (an empty string leaves that line out).
    public var contentType: String

    /// Creates a representation description.
    public init(length: Int64, etag: EntityTag, lastModified: Date?, contentType: String) {
        precondition(length >= 0, "Representation length must not be negative")
        self.length = length
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
    }
}
