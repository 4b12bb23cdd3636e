public import Foundation
import GRDB

extension SQLiteDeliveryStore {
    /// Deletes the deliveries that stopped working before `cutoff` (expired, or revoked, before it), with their
    /// download windows: tokens, patron details and client addresses go. The audit log's records of the downloads
    /// are not touched, so usage statistics keep counting them.
    ///
    /// Pass the current time minus the retention period; a cutoff in the future would delete live deliveries.
    ///
    /// - Returns: How many deliveries were deleted.
    public func purge(olderThan cutoff: Date) throws -> Int {
        let limit = DeliverySchema.milliseconds(cutoff)
        return try database.write { db in try Self.purge(before: limit, db) }
    }

    /// Deletes deliveries that stopped working before `cutoff`; see the blocking form. When any were deleted, the
    /// write-ahead log is checkpointed and truncated, so the old pages holding their patron details leave the disk
    /// too (the catalog overwrites deleted rows: `secure_delete`).
    public func purge(olderThan cutoff: Date) async throws -> Int {
        let limit = DeliverySchema.milliseconds(cutoff)
        let purged = try await database.write { db in try Self.purge(before: limit, db) }
        if purged > 0 {
            // Busy readers can make a truncating checkpoint give up; the next purge or SQLite's own checkpoints
            // finish the job then.
            _ = try? await database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        return purged
    }

    static func purge(before limit: Int64, _ db: Database) throws -> Int {
        let condition = "expiresAt < ? OR revokedAt < ?"
        // Explicit rather than left to ON DELETE CASCADE, which needs foreign keys enabled on the connection.
        try db.execute(
            sql: "DELETE FROM delivery_download WHERE deliveryID IN (SELECT id FROM delivery WHERE \(condition))",
            arguments: [limit, limit])
        try db.execute(sql: "DELETE FROM delivery WHERE \(condition)", arguments: [limit, limit])
        return db.changesCount
    }
}
