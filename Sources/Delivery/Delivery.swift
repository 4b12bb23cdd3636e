public import Foundation

/// One interlibrary delivery: an asset sent by a member library to one patron through a link `/d/{token}`.
///
/// The token itself is never part of the record: it is shown once, in ``CreatedDelivery``, and only its SHA-256 is
/// stored. Times are kept to the millisecond.
public struct Delivery: Sendable, Hashable {
    /// The delivery's id (`dlv_` and 16 lower-case base32 characters); not a credential.
    public var id: String
    /// The member library that sent it.
    public var library: String
    /// The asset delivered.
    public var assetID: String
    /// The patron's id in the sending library's system.
    public var patronID: String
    public var patronName: String?
    public var patronEmail: String?
    /// The sending library's note for the patron.
    public var note: String?
    public var createdAt: Date
    /// The link stops working at this instant.
    public var expiresAt: Date
    /// Downloads allowed.
    public var maxDownloads: Int
    /// Downloads started so far (see ``DeliveryStore`` for what counts as one).
    public var downloadsUsed: Int
    /// The last time the link served bytes, if ever.
    public var lastAccessAt: Date?
    /// When the delivery was revoked, if it was.
    public var revokedAt: Date?

    public init(
        id: String, library: String, assetID: String, patronID: String, patronName: String? = nil,
        patronEmail: String? = nil, note: String? = nil, createdAt: Date, expiresAt: Date, maxDownloads: Int,
        downloadsUsed: Int = 0, lastAccessAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.library = library
        self.assetID = assetID
        self.patronID = patronID
        self.patronName = patronName
        self.patronEmail = patronEmail
        self.note = note
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.maxDownloads = maxDownloads
        self.downloadsUsed = downloadsUsed
        self.lastAccessAt = lastAccessAt
        self.revokedAt = revokedAt
    }

    /// Downloads that may still be started (never negative).
    public var downloadsLeft: Int { max(0, maxDownloads - downloadsUsed) }

    /// The delivery's state at `instant`. When several apply, revoked wins over expired, and expired over
    /// exhausted: the patron is told the reason that cannot be undone by waiting or asking again.
    ///
    /// A delivery expires at ``expiresAt`` exactly.
    public func state(at instant: Date) -> DeliveryState {
        if revokedAt != nil { return .revoked }
        if instant >= expiresAt { return .expired }
        if downloadsUsed >= maxDownloads { return .exhausted }
        return .active
    }
}
