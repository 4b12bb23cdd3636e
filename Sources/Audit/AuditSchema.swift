package import Foundation
import GRDB

/// The `audit_event` table: its migrations, its insert statement and how times are stored.
///
/// Times are stored as integer milliseconds since 1970-01-01T00:00:00Z, so range queries and the index on
/// `time` compare integers and a report's day boundaries are exact.
package enum AuditSchema {
    /// The audit log's own migrations. They share GRDB's `grdb_migrations` table with the catalog's, so their
    /// identifiers are prefixed and distinct. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-audit") { db in
            try db.create(table: "audit_event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .integer).notNull().indexed()
                t.column("subject", .text).notNull()
                t.column("library", .text).notNull().indexed()
                t.column("assetID", .text).notNull()
                t.column("collection", .text).notNull().indexed()
                t.column("action", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("ruleID", .text)
                t.column("status", .integer).notNull()
                t.column("bytesSent", .integer).notNull()
                t.column("clientAddress", .text).notNull()
                t.column("userAgent", .text).notNull()
            }
            // A purge writes its cutoff here inside its own transaction; no other connection ever sees a row.
            try db.create(table: "audit_purge_permit") { t in
                t.column("cutoff", .integer).notNull()
            }
            try createAppendOnlyTriggers(db)
        }
        // Reports filter by time only and group in the scan: indexes on library and collection cost every insert
        // (a busy gateway appends tens of thousands of records a second) and served no query.
        migrator.registerMigration("v2-audit-time-index-only") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS audit_event_on_library; DROP INDEX IF EXISTS audit_event_on_collection")
        }
        // AUTOINCREMENT made every append also look up and rewrite the table's row in `sqlite_sequence` (measured on
        // the range path: about 4 µs of CPU per request). A plain rowid is enough here: new rows take the largest id
        // plus one, and retention only ever removes the oldest rows, so ids keep growing with time. SQLite cannot
        // drop AUTOINCREMENT in place, so the table is rebuilt with its rows, index and triggers.
        migrator.registerMigration("v3-audit-plain-rowid") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_event_rebuilt (
                        id INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,
                        subject TEXT NOT NULL,
                        library TEXT NOT NULL,
                        assetID TEXT NOT NULL,
                        collection TEXT NOT NULL,
                        action TEXT NOT NULL,
                        decision TEXT NOT NULL,
                        ruleID TEXT,
                        status INTEGER NOT NULL,
                        bytesSent INTEGER NOT NULL,
                        clientAddress TEXT NOT NULL,
                        userAgent TEXT NOT NULL
                    );
                    INSERT INTO audit_event_rebuilt
                        SELECT id, time, subject, library, assetID, collection, action, decision, ruleID, status,
                               bytesSent, clientAddress, userAgent
                        FROM audit_event ORDER BY id;
                    DROP TABLE audit_event;
                    ALTER TABLE audit_event_rebuilt RENAME TO audit_event;
                    CREATE INDEX audit_event_on_time ON audit_event(time);
                    """)
            try createAppendOnlyTriggers(db)
        }
        // A record may stand for a session's requests for one item (UsageSessions): reports sum this column.
        // Records written before it stood for one request each, which the default says.
        migrator.registerMigration("v4-audit-requests") { db in
            try db.execute(sql: "ALTER TABLE audit_event ADD COLUMN requests INTEGER NOT NULL DEFAULT 1")
        }
        // Daily counts kept as records are written, for reports and the console's overview (DailyUsageSQLite).
        DailyUsageSQLite.registerMigrations(&migrator)
        return migrator
    }

    /// Refuses `UPDATE` outright and `DELETE` except of rows older than a purge's cutoff (see `AuditLog.purge`).
    /// Shipped migrations create the triggers through this: change it only together with a new migration.
    static func createAppendOnlyTriggers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                BEGIN
                    SELECT RAISE(ABORT, 'audit_event is append-only: audit records cannot be changed');
                END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.time < cutoff)
                BEGIN
                    SELECT RAISE(ABORT,
                        'audit_event is append-only: records are removed only by retention (AuditLog.purge)');
                END;
                """)
    }

    static let insertSQL = """
        INSERT INTO audit_event
            (time, subject, library, assetID, collection, action, decision, ruleID, status, bytesSent,
             clientAddress, userAgent, requests)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Milliseconds since 1970, rounded down, so a record at exactly a boundary falls on the later side.
    package static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        // Dates beyond ±292 million years do not occur in an audit log; clamp rather than trap.
        return Int64(exactly: value) ?? (value < 0 ? Int64.min : Int64.max)
    }
}
