public import Foundation

/// One decision that served or refused bytes: who asked for which asset, what the policy said, and what was sent —
/// or, once ``UsageSessions`` has gathered a session's requests for an item, all of them at once (``requests``).
///
/// Records are values; the ``AuditLog`` only ever appends them.
public struct AuditRecord: Sendable, Hashable {
    /// When the decision was made. Stored with millisecond precision.
    public var time: Date
    /// The identity that asked (for example `patron:…`, `library:harbin`, `anonymous`).
    public var subject: String
    /// The member library the request is accounted to.
    public var library: String
    /// The asset asked for.
    public var assetID: String
    /// The collection of the asset (for example `gov-info`).
    public var collection: String
    /// The action asked for (for example `stream`, `download`).
    public var action: String
    /// `allow` or `deny`. Other values are stored but counted only in `requests`.
    public var decision: String
    /// The id of the rule that decided, when one did.
    public var ruleID: String?
    /// The HTTP status sent.
    public var status: Int
    /// The body bytes actually sent.
    public var bytesSent: Int64
    /// How many requests the record stands for: 1 for one request; a session's requests for one item (a viewer's
    /// many range requests of one reading, COUNTER's one "request") are one record. ``time``, ``status``,
    /// ``clientAddress`` and ``userAgent`` are then the first request's.
    public var requests: Int
    /// The client's network address.
    public var clientAddress: String
    /// The client's `User-Agent` header, or an empty string.
    public var userAgent: String

    /// Creates a record from every field.
    public init(
        time: Date, subject: String, library: String, assetID: String, collection: String, action: String,
        decision: String, ruleID: String?, status: Int, bytesSent: Int64, clientAddress: String, userAgent: String,
        requests: Int = 1
    ) {
        self.time = time
        self.subject = Self.bounded(subject, Limit.subject)
        self.library = Self.bounded(library, Limit.identifier)
        self.assetID = Self.bounded(assetID, Limit.identifier)
        self.collection = Self.bounded(collection, Limit.identifier)
        self.action = Self.bounded(action, Limit.identifier)
        self.decision = Self.bounded(decision, Limit.identifier)
        self.ruleID = ruleID.map { Self.bounded($0, Limit.subject) }
        self.status = status
        self.bytesSent = bytesSent
        self.requests = requests
        self.clientAddress = Self.bounded(clientAddress, Limit.identifier)
        self.userAgent = Self.bounded(userAgent, Limit.userAgent)
    }

    /// The most UTF-8 bytes each text field keeps. Records are kept for years and some fields come straight from
    /// the request (a `User-Agent` of 80 KiB, a link's `sub`), so every field is bounded where a record is made.
    public enum Limit {
        /// Library, asset, collection, action, decision and client address: ids and addresses, short by nature.
        public static let identifier = 64
        /// The subject and the rule id.
        public static let subject = 128
        /// The `User-Agent` header (browsers send 100–200 bytes).
        public static let userAgent = 256
    }

    /// `text` cut to at most `limit` UTF-8 bytes, at a character boundary, with "…" marking the cut.
    static func bounded(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let marker = "…"
        var kept: String.Index? = nil
        var used = 0
        let budget = limit - marker.utf8.count
        for index in text.indices {
            let next = text.index(after: index)
            let width = text.utf8.distance(from: index, to: next)
            if used + width > budget { break }
            used += width
            kept = next
        }
        return String(text[..<(kept ?? text.startIndex)]) + marker
    }
}
