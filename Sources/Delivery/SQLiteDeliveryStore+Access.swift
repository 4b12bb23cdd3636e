public import Foundation
import GRDB

extension SQLiteDeliveryStore {
    /// Decides one byte-serving request for a patron's link and records it, by the counting rule of
    /// ``DeliveryStore``: a new download opens a one-hour window for `client` and uses one download; a request in
    /// an open window is part of that download; revoked, expired and used-up deliveries are refused.
    ///
    /// Call it for **every** request that would serve bytes (each range request of a viewer), not only the first:
    /// that is what stops a download under way as soon as the delivery is revoked or expires. Pages that show the
    /// delivery without serving its bytes use ``delivery(token:)`` instead and count nothing.
    ///
    /// - Parameters:
    ///   - token: The token from the link. Malformed and unknown tokens give ``AccessOutcome/notFound``.
    ///   - client: The client's address as the server saw it (one download window per address; only the first 256
    ///     characters are kept).
    ///   - now: The request's time.
    public func recordAccess(token: String, client: String, now: Date = Date()) throws -> AccessOutcome {
        guard DeliveryToken.isWellFormed(token) else { return .notFound }
        let key = DeliveryKey.tokenHash(DeliveryToken.hash(token))
        return try database.write { db in try Self.recordAccess(key, client: client, now: now, db) }
    }

    /// Decides and records one request for a patron's link; see the blocking form.
    public func recordAccess(token: String, client: String, now: Date = Date()) async throws -> AccessOutcome {
        guard DeliveryToken.isWellFormed(token) else { return .notFound }
        let key = DeliveryKey.tokenHash(DeliveryToken.hash(token))
        return try await database.write { db in try Self.recordAccess(key, client: client, now: now, db) }
    }

    /// Decides and records one request for delivery `deliveryID`, as ``recordAccess(token:client:now:)`` does
    /// (for callers that have already resolved the token).
    public func recordAccess(deliveryID: String, client: String, now: Date = Date()) throws -> AccessOutcome {
        guard DeliveryIdentifier.isWellFormed(deliveryID) else { return .notFound }
        return try database.write { db in try Self.recordAccess(.id(deliveryID), client: client, now: now, db) }
    }

    /// Decides and records one request for delivery `deliveryID`; see the blocking form.
    public func recordAccess(deliveryID: String, client: String, now: Date = Date()) async throws
        -> AccessOutcome
    {
        guard DeliveryIdentifier.isWellFormed(deliveryID) else { return .notFound }
        return try await database.write { db in
            try Self.recordAccess(.id(deliveryID), client: client, now: now, db)
        }
    }

    /// How a request names its delivery.
    enum DeliveryKey: Sendable {
        case tokenHash(String)
        case id(String)
    }

    /// The whole decision, inside the caller's write transaction. GRDB runs `write` blocks one at a time in an
    /// IMMEDIATE transaction, so no other writer (in this process or another) interleaves between the read and the
    /// update below.
    static func recordAccess(_ key: DeliveryKey, client: String, now: Date, _ db: Database) throws -> AccessOutcome {
        let found: Delivery?
        switch key {
        case .tokenHash(let hash): found = try fetch(tokenHash: hash, db)
        case .id(let id): found = try fetch(id: id, library: nil, db)
        }
        guard var delivery = found else { return .notFound }
        // An address is at most a few dozen characters; bound what a forwarded header could make it.
        let client = String(client.prefix(256))

        let instant = DeliverySchema.milliseconds(now)
        let openWindow =
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM delivery_download WHERE deliveryID = ? AND client = ? AND closesAt > ?)
                    """,
                arguments: [delivery.id, client, instant]) ?? false

        let decision = DownloadDecision(
            delivery: delivery, clientHasOpenWindow: openWindow, at: DeliverySchema.date(instant))
        switch decision {
        case .refuse(.revoked): return .revoked(delivery)
        case .refuse(.expired): return .expired(delivery)
        case .refuse(.exhausted), .refuse(.active): return .exhausted(delivery)
        case .continueDownload:
            try touch(&delivery, at: instant, db)
            return .continuing(delivery)
        case .startDownload:
            try db.execute(
                sql: "INSERT INTO delivery_download (deliveryID, client, openedAt, closesAt) VALUES (?, ?, ?, ?)",
                arguments: [delivery.id, client, instant, instant + Int64(DeliveryLimits.downloadWindowSeconds) * 1000])
            try db.execute(
                sql: "UPDATE delivery SET downloadsUsed = downloadsUsed + 1 WHERE id = ?", arguments: [delivery.id])
            delivery.downloadsUsed += 1
            try touch(&delivery, at: instant, db)
            return .counted(delivery)
        }
    }

    /// Moves `lastAccessAt` forward to `instant` (never back: concurrent requests may commit out of order).
    private static func touch(_ delivery: inout Delivery, at instant: Int64, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE delivery SET lastAccessAt = MAX(COALESCE(lastAccessAt, ?), ?) WHERE id = ?",
            arguments: [instant, instant, delivery.id])
        let date = DeliverySchema.date(instant)
        if let stored = delivery.lastAccessAt, stored > date { return }
        delivery.lastAccessAt = date
    }
}

extension SQLiteDeliveryStore {
    /// Whether `client` is inside an open download window of delivery `deliveryID` at `now` (a read; counts nothing).
    /// The landing page of an exhausted delivery stays open to a patron still reading their last download.
    public func hasOpenWindow(deliveryID: String, client: String, now: Date = Date()) async throws -> Bool {
        let instant = DeliverySchema.milliseconds(now)
        let client = String(client.prefix(256))
        return try await database.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM delivery_download WHERE deliveryID = ? AND client = ? AND closesAt > ?)",
                arguments: [deliveryID, client, instant]) ?? false
        }
    }
}
