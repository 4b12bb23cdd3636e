public import Foundation

/// Interlibrary deliveries: a member library sends one asset to one patron, who gets a link `/d/{token}` that
/// works for a limited time and a limited number of downloads.
///
/// The token is the patron's only credential: 256 random bits, shown once when the delivery is made, stored only as
/// its SHA-256. A library sees and revokes only its own deliveries (pass its id as `library`); administrators pass
/// nil.
///
/// ## What counts as a download
///
/// A PDF viewer or a media player fetches one file with many HTTP range requests, and a patron who pauses and
/// resumes should not lose a download for it. So the store counts **download windows**, not requests:
///
/// - The first byte-serving request from a client address opens a window of one hour
///   (``DeliveryLimits/downloadWindowSeconds``) for that client and uses one download.
/// - Every further request from the same address within that hour belongs to the same download and is not
///   counted again, even after the allowance is used up, so a viewer can finish the last allowed download.
/// - After the hour, the next request from that address opens a new window and counts again; a request from another
///   address counts at once. In short: at most one download per client address per delivery per hour.
/// - A revoked or expired delivery serves nothing more, even to a client whose window is still open.
///
/// Each request must be decided atomically (``recordAccess(token:client:now:)``), so concurrent requests never count
/// past the allowance, whichever node they reach.
///
/// The embedded single-node implementation is ``SQLiteDeliveryStore``; a shared-database one implements the same
/// requirements, and the delivery test suite runs against the protocol.
public protocol DeliveryStore: Sendable {
    /// Records a new delivery and returns it with its token (the only time the token is ever available).
    ///
    /// - Parameters:
    ///   - request: What the library asked for. Text fields are checked (see ``DeliveryError``); a lifetime or
    ///     download count below 1 is refused, one above `caps` is lowered to the cap.
    ///   - caps: The policy's caps for this library and asset.
    ///   - now: The creation time; the delivery expires `ttlDays` × 24 hours later.
    /// - Throws: ``DeliveryError`` for a bad request, or the store's error.
    func create(_ request: NewDelivery, caps: DeliveryCaps, now: Date) async throws -> CreatedDelivery

    /// The delivery a patron's token belongs to, or nil for unknown or malformed tokens. Revoked and expired
    /// deliveries are returned: their ``Delivery/state(at:)`` says why the link no longer works.
    func delivery(token: String) async throws -> Delivery?

    /// The delivery with id `id`, or nil when there is none or when `library` is given and did not send it.
    func delivery(id: String, library: String?) async throws -> Delivery?

    /// Deliveries newest first: those of `library`, or of every library when nil; at most `limit` (clamped to
    /// 0…``DeliveryLimits/listLimitCeiling``).
    func list(library: String?, limit: Int) async throws -> [Delivery]

    /// Deliveries matching `search`, newest first, at most `limit` (clamped as ``list(library:limit:)``).
    func search(_ search: DeliverySearch, limit: Int) async throws -> [Delivery]

    /// Revokes delivery `id` at once; revoking again changes nothing. Nil when there is no such delivery for
    /// `library` (nil: an administrator).
    func revoke(id: String, library: String?, now: Date) async throws -> Delivery?

    /// Decides one byte-serving request for a patron's link and records it, by the counting rule above.
    func recordAccess(token: String, client: String, now: Date) async throws -> AccessOutcome

    /// ``recordAccess(token:client:now:)`` for a caller that has already resolved the token.
    func recordAccess(deliveryID: String, client: String, now: Date) async throws -> AccessOutcome

    /// Whether `client` is inside an open download window of delivery `deliveryID` at `now` (counts nothing).
    func hasOpenWindow(deliveryID: String, client: String, now: Date) async throws -> Bool

    /// Deletes the deliveries that stopped working before `cutoff`, with their download windows (tokens, patron
    /// details, addresses); returns how many.
    func purge(olderThan cutoff: Date) async throws -> Int
}

extension DeliveryStore {
    /// Records a new delivery made now.
    public func create(_ request: NewDelivery, caps: DeliveryCaps) async throws -> CreatedDelivery {
        try await create(request, caps: caps, now: Date())
    }

    /// The delivery with id `id` (an administrator's view).
    public func delivery(id: String) async throws -> Delivery? {
        try await delivery(id: id, library: nil)
    }

    /// Deliveries newest first, at most 100.
    public func list(library: String?) async throws -> [Delivery] {
        try await list(library: library, limit: 100)
    }

    /// Revokes delivery `id` now.
    public func revoke(id: String, library: String? = nil) async throws -> Delivery? {
        try await revoke(id: id, library: library, now: Date())
    }

    /// Revokes delivery `id` at `now` (an administrator's revocation).
    public func revoke(id: String, now: Date) async throws -> Delivery? {
        try await revoke(id: id, library: nil, now: now)
    }

    /// Decides and records one request now.
    public func recordAccess(token: String, client: String) async throws -> AccessOutcome {
        try await recordAccess(token: token, client: client, now: Date())
    }

    /// Decides and records one request for a resolved delivery now.
    public func recordAccess(deliveryID: String, client: String) async throws -> AccessOutcome {
        try await recordAccess(deliveryID: deliveryID, client: client, now: Date())
    }

    /// Whether `client` is inside an open download window now.
    public func hasOpenWindow(deliveryID: String, client: String) async throws -> Bool {
        try await hasOpenWindow(deliveryID: deliveryID, client: client, now: Date())
    }
}
