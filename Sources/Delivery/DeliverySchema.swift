package import Foundation
import GRDB

/// The `delivery` and `delivery_download` tables: their migrations, and how records and times are stored.
///
/// Times are integer milliseconds since 1970-01-01T00:00:00Z, so expiry and window comparisons are exact integer
/// comparisons in SQL and in Swift alike.
package enum DeliverySchema {
    /// The delivery store's own migrations. They share GRDB's `grdb_migrations` table with the catalog's and the
    /// audit log's, so their identifiers are prefixed and distinct. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-delivery") { db in
            try db.create(table: "delivery") { t in
                t.primaryKey("id", .text)
                t.column("tokenHash", .text).notNull()
                t.column("library", .text).notNull()
                t.column("assetID", .text).notNull()
                t.column("patronID", .text).notNull()
                t.column("patronName", .text)
                t.column("patronEmail", .text)
                t.column("note", .text)
                t.column("createdAt", .integer).notNull()
                t.column("expiresAt", .integer).notNull().indexed()
                t.column("maxDownloads", .integer).notNull()
                t.column("downloadsUsed", .integer).notNull().defaults(to: 0)
                t.column("lastAccessAt", .integer)
                t.column("revokedAt", .integer)
                // The counting rule's invariant, held by SQLite itself: no write can count past the allowance.
                t.check(sql: "downloadsUsed >= 0 AND downloadsUsed <= maxDownloads")
            }
            try db.create(index: "delivery_on_tokenHash", on: "delivery", columns: ["tokenHash"], options: .unique)
            try db.create(index: "delivery_on_library_createdAt", on: "delivery", columns: ["library", "createdAt"])
            try db.create(index: "delivery_on_revokedAt", on: "delivery", columns: ["revokedAt"])

            // One row per counted download: the window during which the same client's requests are part of it.
            // At most `maxDownloads` rows per delivery, so the table needs no pruning of its own; rows go with
            // their delivery when it is purged (they hold client addresses, which are personal data).
            try db.create(table: "delivery_download") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("deliveryID", .text).notNull().references("delivery", onDelete: .cascade)
                t.column("client", .text).notNull()
                t.column("openedAt", .integer).notNull()
                t.column("closesAt", .integer).notNull()
            }
            try db.create(
                index: "delivery_download_on_deliveryID_client_closesAt", on: "delivery_download",
                columns: ["deliveryID", "client", "closesAt"])
        }
        return migrator
    }

    /// Milliseconds since 1970, to the nearest (so a date read back from the store gives the same milliseconds
    /// again); clamped rather than trapping on absurd dates.
    package static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return Int64(exactly: value) ?? (value < 0 ? Int64.min / 2 : Int64.max / 2)
    }

    package static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func optionalDate(_ milliseconds: Int64?) -> Date? {
        milliseconds.map { date($0) }
    }

    static let insertSQL = """
        INSERT INTO delivery
            (id, tokenHash, library, assetID, patronID, patronName, patronEmail, note, createdAt, expiresAt,
             maxDownloads, downloadsUsed)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
        """

    /// The columns read into a ``Delivery`` (never the token hash).
    static let selectSQL = """
        SELECT id, library, assetID, patronID, patronName, patronEmail, note, createdAt, expiresAt, maxDownloads,
               downloadsUsed, lastAccessAt, revokedAt
        FROM delivery
        """

    static func delivery(_ row: Row) -> Delivery {
        Delivery(
            id: row["id"], library: row["library"], assetID: row["assetID"], patronID: row["patronID"],
            patronName: row["patronName"], patronEmail: row["patronEmail"], note: row["note"],
            createdAt: date(row["createdAt"] as Int64), expiresAt: date(row["expiresAt"] as Int64),
            maxDownloads: row["maxDownloads"], downloadsUsed: row["downloadsUsed"],
            lastAccessAt: optionalDate(row["lastAccessAt"]), revokedAt: optionalDate(row["revokedAt"]))
    }
}
