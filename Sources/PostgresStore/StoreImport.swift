public import Foundation
import Logging
public import PostgresNIO

/// The shared database's side of `gateway migrate`: how far the copy of one single-node store has got, and the row
/// writes that must be exactly-once however often the copy is interrupted and run again.
///
/// A source store is named by the id it keeps in its own database (`store_identity`), so two member libraries' stores
/// merged into one network never take each other's progress. Every batch of audit records is written in the same
/// transaction as the position it reaches: an interrupted copy leaves either the whole batch and its position or
/// neither.
public struct StoreImport: Sendable {
    let database: SharedDatabase
    public let source: String

    public init(database: SharedDatabase, source: String) {
        self.database = database
        self.source = source
    }

    /// The position `step` has reached (0 before the first batch).
    public func position(_ step: String) async throws -> Int64 {
        let rows = try await database.client.query(
            "SELECT position FROM gateway_import WHERE source = \(source) AND step = \(step)", logger: database.logger)
        for try await position in rows.decode(Int64.self) { return position }
        return 0
    }

    /// One audit record of the source, its id and its columns as stored there (times in milliseconds).
    public struct AuditRow: Sendable {
        public var id: Int64, time: Int64, subject: String, library: String, assetID: String, collection: String
        public var action: String, decision: String, ruleID: String?, status: Int64, bytesSent: Int64
        public var clientAddress: String, userAgent: String, requests: Int64

        public init(
            id: Int64, time: Int64, subject: String, library: String, assetID: String, collection: String, action: String,
            decision: String, ruleID: String?, status: Int64, bytesSent: Int64, clientAddress: String, userAgent: String,
            requests: Int64
        ) {
            self.id = id
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
            self.requests = requests
        }
    }

    /// Writes `batch` (ascending ids, all above ``position(_:)`` of `audit`) and moves the position to the last id, in
    /// one transaction.
    public func importAudit(_ batch: [AuditRow]) async throws {
        guard let last = batch.last?.id else { return }
        let source = source
        try await database.client.withTransaction(logger: database.logger) { connection in
            try await connection.query(PostgresAuditStore.insertStatement(batch), logger: database.logger)
            // The daily counts are summed again from the records when a node next opens the store.
            try await connection.query("DELETE FROM usage_day_zone", logger: database.logger)
            try await Self.advance(connection, source: source, step: "audit", to: last, logger: database.logger)
        }
    }

    /// Runs `body` once for this source and `step`: inside one transaction with the mark that it ran, so a second call
    /// (a resumed copy) does nothing. Returns whether it ran.
    public func once(_ step: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Void) async throws -> Bool {
        let source = source
        return try await database.client.withTransaction(logger: database.logger) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO gateway_import (source, step, position) VALUES (\(source), \(step), 1) \
                ON CONFLICT (source, step) DO NOTHING RETURNING position
                """, logger: database.logger)
            var marked = false
            for try await _ in rows.decode(Int64.self) { marked = true }
            guard marked else { return false }
            try await body(connection)
            return true
        }
    }

    static func advance(_ connection: PostgresConnection, source: String, step: String, to position: Int64, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO gateway_import (source, step, position) VALUES (\(source), \(step), \(position)) \
            ON CONFLICT (source, step) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
            """, logger: logger)
    }
}
