public import Foundation

/// One decision that served or refused bytes: who asked for which asset, what the policy said, and what was sent.
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
    /// The client's network address.
    public var clientAddress: String
    /// The client's `User-Agent` header, or an empty string.
    public var userAgent: String

    /// Creates a record from every field.
    public init(
        time: Date, subject: String, library: String, assetID: String, collection: String, action: String,
        decision: String, ruleID: String?, status: Int, bytesSent: Int64, clientAddress: String, userAgent: String
    ) {
        self.time = time
        self.subject = subject
        self.library = library
        self.assetID = assetID
        self.collection = collection
        self.action = action
        self.decision = decision
        self.ruleID = ruleID
        self.status = status
        self.bytesSent = bytesSent
        self.clientAddress = clientAddress
        self.userAgent = userAgent
    }
}
