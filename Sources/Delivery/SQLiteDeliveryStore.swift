public import Foundation
public import GRDB

/// The deliveries of ``DeliveryStore`` kept in SQLite (the catalog's database): the embedded single-node store.
///
/// Each request is decided in one write transaction (``recordAccess(token:client:now:)``), so concurrent requests
/// never count past the allowance: with `maxDownloads` 5, fifty simultaneous first requests from fifty addresses
/// start exactly five downloads and the other forty-five are refused. A `CHECK` constraint on the table holds the
/// same invariant.
///
/// Every method comes in a blocking form and an `async` form (the ``DeliveryStore`` requirements); a server calls
/// the `async` ones so SQLite never runs on an event loop.
public struct SQLiteDeliveryStore: DeliveryStore {
    let database: DatabasePool

    /// Opens the store in `database` (normally `SQLiteCatalog.database`), creating its tables if needed.
    public init(database: DatabasePool) throws {
        self.database = database
        try DeliverySchema.migrator.migrate(database)
    }

    // MARK: Making deliveries

    /// Records a new delivery and returns it with its token (the only time the token is ever available).
    ///
    /// - Parameters:
    ///   - request: What the library asked for. Text fields are checked (see ``DeliveryError``); a lifetime or
    ///     download count below 1 is refused, one above `caps` is lowered to the cap.
    ///   - caps: The policy's caps for this library and asset.
    ///   - now: The creation time; the delivery expires `ttlDays` × 24 hours later.
    /// - Throws: ``DeliveryError`` for a bad request, or the database's error.
    public func create(_ request: NewDelivery, caps: DeliveryCaps, now: Date = Date()) throws -> CreatedDelivery {
        let (request, terms) = try Self.prepare(request, caps: caps)
        return try database.write { db in try Self.insert(request, terms: terms, now: now, db) }
    }

    /// Records a new delivery; see the blocking form.
    public func create(_ request: NewDelivery, caps: DeliveryCaps, now: Date = Date()) async throws
        -> CreatedDelivery
    {
        let (request, terms) = try Self.prepare(request, caps: caps)
        return try await database.write { db in try Self.insert(request, terms: terms, now: now, db) }
    }

    // MARK: Reading

    /// The delivery a patron's token belongs to, or nil for unknown or malformed tokens (a malformed token, of any
    /// length, is refused without touching the database). Revoked and expired deliveries are returned: their
    /// ``Delivery/state(at:)`` says why the link no longer works.
    public func delivery(token: String) throws -> Delivery? {
        guard DeliveryToken.isWellFormed(token) else { return nil }
        let hash = DeliveryToken.hash(token)
        return try database.read { db in try Self.fetch(tokenHash: hash, db) }
    }

    /// The delivery a patron's token belongs to; see the blocking form.
    public func delivery(token: String) async throws -> Delivery? {
        guard DeliveryToken.isWellFormed(token) else { return nil }
        let hash = DeliveryToken.hash(token)
        return try await database.read { db in try Self.fetch(tokenHash: hash, db) }
    }

    /// The delivery with id `id`, or nil when there is none or when `library` is given and did not send it.
    ///
    /// - Parameter library: The library asking (it sees only its own deliveries), or nil for an administrator.
    public func delivery(id: String, library: String? = nil) throws -> Delivery? {
        guard DeliveryIdentifier.isWellFormed(id) else { return nil }
        return try database.read { db in try Self.fetch(id: id, library: library, db) }
    }

    /// The delivery with id `id`; see the blocking form.
    public func delivery(id: String, library: String? = nil) async throws -> Delivery? {
        guard DeliveryIdentifier.isWellFormed(id) else { return nil }
        return try await database.read { db in try Self.fetch(id: id, library: library, db) }
    }

    /// Deliveries newest first: those of `library`, or of every library when nil.
    ///
    /// - Parameter limit: At most this many (clamped to 0…``listLimitCeiling``).
    public func list(library: String?, limit: Int = 100) throws -> [Delivery] {
        let limit = Self.clampLimit(limit)
        return try database.read { db in try Self.fetchList(library: library, limit: limit, db) }
    }

    /// Deliveries newest first; see the blocking form.
    public func list(library: String?, limit: Int = 100) async throws -> [Delivery] {
        let limit = Self.clampLimit(limit)
        return try await database.read { db in try Self.fetchList(library: library, limit: limit, db) }
    }

    public func search(_ search: DeliverySearch, limit: Int) async throws -> [Delivery] {
        var conditions: [String] = [], arguments: StatementArguments = []
        if let library = search.library { conditions.append("library = ?"); arguments += [library] }
        if let patron = search.patron { conditions.append("patronID = ?"); arguments += [patron] }
        if let asset = search.asset { conditions.append("assetID = ?"); arguments += [asset] }
        if let state = search.state {
            conditions.append(
                DeliverySearch.condition(
                    state, revoked: "revokedAt", expires: "expiresAt", used: "downloadsUsed", allowed: "maxDownloads",
                    now: "?"))
            if state != .revoked { arguments += [DeliverySchema.milliseconds(search.now)] }
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [Self.clampLimit(limit)]
        let sql = DeliverySchema.selectSQL + filter + " ORDER BY createdAt DESC, rowid DESC LIMIT ?"
        let bound = arguments
        return try await database.read { db in try Row.fetchAll(db, sql: sql, arguments: bound).map(DeliverySchema.delivery) }
    }

    // MARK: Revoking

    /// Revokes delivery `id` at once: from the next request on, its link answers 410, even for a download under
    /// way. Revoking again changes nothing (the first revocation time stays).
    ///
    /// - Parameter library: The library asking (it may revoke only its own deliveries), or nil for an administrator.
    /// - Returns: The revoked delivery, or nil when there is no such delivery for this library.
    public func revoke(id: String, library: String? = nil, now: Date = Date()) throws -> Delivery? {
        guard DeliveryIdentifier.isWellFormed(id) else { return nil }
        return try database.write { db in try Self.revoke(id: id, library: library, now: now, db) }
    }

    /// Revokes delivery `id`; see the blocking form.
    public func revoke(id: String, library: String? = nil, now: Date = Date()) async throws -> Delivery? {
        guard DeliveryIdentifier.isWellFormed(id) else { return nil }
        return try await database.write { db in try Self.revoke(id: id, library: library, now: now, db) }
    }
}

extension DeliveryStore {
    package static func prepare(_ request: NewDelivery, caps: DeliveryCaps) throws(DeliveryError)
        -> (NewDelivery, DeliveryTerms)
    {
        let terms = try caps.terms(ttlDays: request.ttlDays, maxDownloads: request.maxDownloads)
        return (try request.validated(), terms)
    }

    static func insert(_ request: NewDelivery, terms: DeliveryTerms, now: Date, _ db: Database) throws
        -> CreatedDelivery
    {
        let createdAt = DeliverySchema.milliseconds(now)
        let expiresAt = createdAt + Int64(terms.ttlDays) * 86_400_000
        var attempt = 0
        while true {
            // 80-bit ids and 256-bit tokens do not collide in practice; if one ever does, draw again.
            let id = DeliveryIdentifier.generate()
            let token = DeliveryToken.generate()
            do {
                try db.execute(
                    sql: DeliverySchema.insertSQL,
                    arguments: [
                        id, DeliveryToken.hash(token), request.library, request.assetID, request.patron.id,
                        request.patron.name, request.patron.email, request.note, createdAt, expiresAt,
                        terms.maxDownloads,
                    ])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && attempt < 3 {
                attempt += 1
                continue
            }
            let delivery = Delivery(
                id: id, library: request.library, assetID: request.assetID, patronID: request.patron.id,
                patronName: request.patron.name, patronEmail: request.patron.email, note: request.note,
                createdAt: DeliverySchema.date(createdAt), expiresAt: DeliverySchema.date(expiresAt),
                maxDownloads: terms.maxDownloads)
            return CreatedDelivery(token: token, delivery: delivery, terms: terms)
        }
    }

    static func fetch(tokenHash: String, _ db: Database) throws -> Delivery? {
        try Row.fetchOne(db, sql: DeliverySchema.selectSQL + " WHERE tokenHash = ?", arguments: [tokenHash])
            .map(DeliverySchema.delivery)
    }

    static func fetch(id: String, library: String?, _ db: Database) throws -> Delivery? {
        guard
            let delivery = try Row.fetchOne(db, sql: DeliverySchema.selectSQL + " WHERE id = ?", arguments: [id])
                .map(DeliverySchema.delivery)
        else { return nil }
        if let library, delivery.library != library { return nil }
        return delivery
    }

    static func fetchList(library: String?, limit: Int, _ db: Database) throws -> [Delivery] {
        let order = " ORDER BY createdAt DESC, rowid DESC LIMIT ?"
        let rows: [Row]
        if let library {
            rows = try Row.fetchAll(
                db, sql: DeliverySchema.selectSQL + " WHERE library = ?" + order, arguments: [library, limit])
        } else {
            rows = try Row.fetchAll(db, sql: DeliverySchema.selectSQL + order, arguments: [limit])
        }
        return rows.map(DeliverySchema.delivery)
    }

    package static func clampLimit(_ limit: Int) -> Int { min(max(limit, 0), DeliveryLimits.listLimitCeiling) }

    static func revoke(id: String, library: String?, now: Date, _ db: Database) throws -> Delivery? {
        guard try fetch(id: id, library: library, db) != nil else { return nil }
        try db.execute(
            sql: "UPDATE delivery SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL",
            arguments: [DeliverySchema.milliseconds(now), id])
        return try fetch(id: id, library: library, db)
    }
}
