public import Delivery
public import Foundation
import Logging
import PostgresNIO

/// Interlibrary deliveries in the shared database: a delivery made through any node is served by every node, its
/// download count is exact however the requests are spread (each request is one transaction holding the delivery's
/// row lock, `SELECT … FOR UPDATE`), and a revocation holds on every node at its next request. The counting rule is
/// ``DeliveryStore``'s (``DownloadDecision``), the same pure function the SQLite store applies.
public struct PostgresDeliveryStore: DeliveryStore {
    let database: SharedDatabase

    public init(database: SharedDatabase) { self.database = database }

    static let columns = """
        id, library, asset_id, patron_id, patron_name, patron_email, note, created_at, expires_at, max_downloads, \
        downloads_used, last_access_at, revoked_at
        """
    typealias Row = (String, String, String, String, String?, String?, String?, Int64, Int64, Int, Int, Int64?, Int64?)

    static func delivery(_ row: Row) -> Delivery {
        Delivery(
            id: row.0, library: row.1, assetID: row.2, patronID: row.3, patronName: row.4, patronEmail: row.5, note: row.6,
            createdAt: DeliverySchema.date(row.7), expiresAt: DeliverySchema.date(row.8), maxDownloads: row.9, downloadsUsed: row.10,
            lastAccessAt: row.11.map(DeliverySchema.date), revokedAt: row.12.map(DeliverySchema.date))
    }

    public func create(_ request: NewDelivery, caps: DeliveryCaps, now: Date) async throws -> CreatedDelivery {
        try await database.bounded("create") {
            let (request, terms) = try Self.prepare(request, caps: caps)
            let createdAt = DeliverySchema.milliseconds(now)
            let expiresAt = createdAt + Int64(terms.ttlDays) * 86_400_000
            // 80-bit ids and 256-bit tokens do not collide in practice; the unique constraints would refuse one that did.
            let id = DeliveryIdentifier.generate()
            let token = DeliveryToken.generate()
            try await database.client.query(
                """
                INSERT INTO delivery (id, token_hash, library, asset_id, patron_id, patron_name, patron_email, note, \
                created_at, expires_at, max_downloads, downloads_used) VALUES (\(id), \(DeliveryToken.hash(token)), \
                \(request.library), \(request.assetID), \(request.patron.id), \(request.patron.name), \(request.patron.email), \
                \(request.note), \(createdAt), \(expiresAt), \(terms.maxDownloads), 0)
                """, logger: database.logger)
            let delivery = Delivery(
                id: id, library: request.library, assetID: request.assetID, patronID: request.patron.id,
                patronName: request.patron.name, patronEmail: request.patron.email, note: request.note,
                createdAt: DeliverySchema.date(createdAt), expiresAt: DeliverySchema.date(expiresAt), maxDownloads: terms.maxDownloads)
            return CreatedDelivery(token: token, delivery: delivery, terms: terms)
        }
    }

    public func delivery(token: String) async throws -> Delivery? {
        try await database.bounded("delivery") {
            guard DeliveryToken.isWellFormed(token) else { return nil }
            let hash = DeliveryToken.hash(token)
            return try await database.client.query(
                "SELECT \(unescaped: Self.columns) FROM delivery WHERE token_hash = \(hash)", logger: database.logger
            ).single(Row.self).map(Self.delivery)
        }
    }

    public func delivery(id: String, library: String?) async throws -> Delivery? {
        try await database.bounded("delivery") {
            guard DeliveryIdentifier.isWellFormed(id) else { return nil }
            let found = try await database.client.query(
                "SELECT \(unescaped: Self.columns) FROM delivery WHERE id = \(id)", logger: database.logger
            ).single(Row.self).map(Self.delivery)
            if let library, found?.library != library { return nil }
            return found
        }
    }

    public func list(library: String?, limit: Int) async throws -> [Delivery] {
        try await database.bounded("list") {
            let limit = Self.clampLimit(limit)
            let rows: PostgresRowSequence
            if let library {
                rows = try await database.client.query(
                    "SELECT \(unescaped: Self.columns) FROM delivery WHERE library = \(library) ORDER BY created_at DESC, seq DESC LIMIT \(limit)",
                    logger: database.logger)
            } else {
                rows = try await database.client.query(
                    "SELECT \(unescaped: Self.columns) FROM delivery ORDER BY created_at DESC, seq DESC LIMIT \(limit)",
                    logger: database.logger)
            }
            var deliveries = [Delivery]()
            for try await row in rows.decode(Row.self) { deliveries.append(Self.delivery(row)) }
            return deliveries
        }
    }

    public func search(_ search: DeliverySearch, limit: Int) async throws -> [Delivery] {
        try await database.bounded("search") {
            // Absent criteria are empty strings that match every row: one statement shape for every search.
            let state = search.state.map {
                DeliverySearch.condition(
                    $0, revoked: "revoked_at", expires: "expires_at", used: "downloads_used", allowed: "max_downloads",
                    now: String(DeliverySchema.milliseconds(search.now)))
            } ?? "true"
            let rows = try await database.client.query(
                """
                SELECT \(unescaped: Self.columns) FROM delivery \
                WHERE (\(search.library ?? "") = '' OR library = \(search.library ?? "")) \
                AND (\(search.patron ?? "") = '' OR patron_id = \(search.patron ?? "")) \
                AND (\(search.asset ?? "") = '' OR asset_id = \(search.asset ?? "")) AND \(unescaped: state) \
                ORDER BY created_at DESC, seq DESC LIMIT \(Self.clampLimit(limit))
                """, logger: database.logger)
            var deliveries = [Delivery]()
            for try await row in rows.decode(Row.self) { deliveries.append(Self.delivery(row)) }
            return deliveries
        }
    }

    public func revoke(id: String, library: String?, now: Date) async throws -> Delivery? {
        try await database.bounded("revoke") {
            guard try await delivery(id: id, library: library) != nil else { return nil }
            try await database.client.query(
                "UPDATE delivery SET revoked_at = \(DeliverySchema.milliseconds(now)) WHERE id = \(id) AND revoked_at IS NULL",
                logger: database.logger)
            // Other nodes hear of it at once (their delivery windows are a fast path only).
            try await database.client.query("SELECT pg_notify('gateway_revocations', \(id))", logger: database.logger)
            return try await delivery(id: id, library: library)
        }
    }

    public func recordAccess(token: String, client: String, now: Date) async throws -> AccessOutcome {
        try await database.bounded("recordAccess") {
            guard DeliveryToken.isWellFormed(token) else { return .notFound }
            return try await recordAccess(where: "token_hash", equals: DeliveryToken.hash(token), client: client, now: now)
        }
    }

    public func recordAccess(deliveryID: String, client: String, now: Date) async throws -> AccessOutcome {
        try await database.bounded("recordAccess") {
            guard DeliveryIdentifier.isWellFormed(deliveryID) else { return .notFound }
            return try await recordAccess(where: "id", equals: deliveryID, client: client, now: now)
        }
    }

    /// The whole decision in one transaction holding the delivery's row lock, so requests on any number of nodes are
    /// decided one after another and never count past the allowance.
    func recordAccess(where column: String, equals value: String, client: String, now: Date) async throws -> AccessOutcome {
        let logger = database.logger
        let client = String(client.prefix(256))
        let instant = DeliverySchema.milliseconds(now)
        return try await database.client.withTransaction(logger: logger) { connection in
            guard
                var delivery = try await connection.query(
                    "SELECT \(unescaped: Self.columns) FROM delivery WHERE \(unescaped: column) = \(value) FOR UPDATE",
                    logger: logger
                ).single(Row.self).map(Self.delivery)
            else { return .notFound }
            let open = try await connection.query(
                """
                SELECT count(*) FROM delivery_download WHERE delivery_id = \(delivery.id) AND client = \(client) \
                AND closes_at > \(instant)
                """, logger: logger
            ).single(Int.self) ?? 0
            switch DownloadDecision(delivery: delivery, clientHasOpenWindow: open > 0, at: DeliverySchema.date(instant)) {
            case .refuse(.revoked): return .revoked(delivery)
            case .refuse(.expired): return .expired(delivery)
            case .refuse(.exhausted), .refuse(.active): return .exhausted(delivery)
            case .continueDownload:
                try await Self.touch(&delivery, at: instant, connection, logger)
                return .continuing(delivery)
            case .startDownload:
                let closes = instant + Int64(DeliveryLimits.downloadWindowSeconds) * 1000
                try await connection.query(
                    """
                    INSERT INTO delivery_download (delivery_id, client, opened_at, closes_at) \
                    VALUES (\(delivery.id), \(client), \(instant), \(closes))
                    """, logger: logger)
                try await connection.query(
                    "UPDATE delivery SET downloads_used = downloads_used + 1 WHERE id = \(delivery.id)", logger: logger)
                delivery.downloadsUsed += 1
                try await Self.touch(&delivery, at: instant, connection, logger)
                return .counted(delivery)
            }
        }
    }

    /// Moves `last_access_at` forward to `instant`, never back.
    static func touch(_ delivery: inout Delivery, at instant: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "UPDATE delivery SET last_access_at = GREATEST(COALESCE(last_access_at, \(instant)), \(instant)) WHERE id = \(delivery.id)",
            logger: logger)
        let date = DeliverySchema.date(instant)
        if let stored = delivery.lastAccessAt, stored > date { return }
        delivery.lastAccessAt = date
    }

    public func hasOpenWindow(deliveryID: String, client: String, now: Date) async throws -> Bool {
        try await database.bounded("hasOpenWindow") {
            let client = String(client.prefix(256))
            let instant = DeliverySchema.milliseconds(now)
            return try await database.client.query(
                """
                SELECT count(*) FROM delivery_download WHERE delivery_id = \(deliveryID) AND client = \(client) \
                AND closes_at > \(instant)
                """, logger: database.logger
            ).single(Int.self) ?? 0 > 0
        }
    }

    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await database.bounded("purge") {
            let limit = DeliverySchema.milliseconds(cutoff)
            return try await database.client.query(
                """
                WITH gone AS (DELETE FROM delivery WHERE expires_at < \(limit) OR revoked_at < \(limit) RETURNING 1) \
                SELECT count(*) FROM gone
                """, logger: database.logger
            ).single(Int.self) ?? 0
        }
    }
}
