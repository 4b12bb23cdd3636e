public import Foundation
import GRDB

extension DeliveryStore {
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

    /// Deletes deliveries that stopped working before `cutoff`; see the blocking form.
    public func purge(olderThan cutoff: Date) async throws -> Int {
        let limit = DeliverySchema.milliseconds(cutoff)
        return try await database.write { db in try Self.purge(before: limit, db) }
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
