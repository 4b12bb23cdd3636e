import Foundation
import GRDB

/// The daily counts in the embedded database: `usage_day` and `usage_day_item`, added to in the transaction that
/// writes a batch of records. `usage_day_zone` says which zone's days they count and the last record they include
/// (`through`, a record id): opening the log sums what came after it (records written by an older gateway, or
/// straight into the table by a script), and opening it in another zone sums every record again.
enum DailyUsageSQLite {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-audit-daily-usage") { db in
            try db.execute(
                sql: """
                    CREATE TABLE usage_day (
                        day TEXT NOT NULL, library TEXT NOT NULL, collection TEXT NOT NULL, action TEXT NOT NULL,
                        decision TEXT NOT NULL, rule TEXT NOT NULL, status INTEGER NOT NULL,
                        requests INTEGER NOT NULL, records INTEGER NOT NULL, bytes INTEGER NOT NULL,
                        PRIMARY KEY (day, library, collection, action, decision, rule, status)
                    ) WITHOUT ROWID;
                    CREATE TABLE usage_day_item (
                        day TEXT NOT NULL, library TEXT NOT NULL, asset TEXT NOT NULL, requests INTEGER NOT NULL,
                        PRIMARY KEY (day, library, asset)
                    ) WITHOUT ROWID;
                    CREATE INDEX usage_day_item_by_library ON usage_day_item (library, day);
                    CREATE TABLE usage_day_zone (zone TEXT NOT NULL, through INTEGER NOT NULL);
                    """)
        }
    }

    private static let usageUpsert = """
        INSERT INTO usage_day (day, library, collection, action, decision, rule, status, requests, records, bytes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (day, library, collection, action, decision, rule, status) DO UPDATE SET
            requests = requests + excluded.requests, records = records + excluded.records, bytes = bytes + excluded.bytes
        """

    private static let itemUpsert = """
        INSERT INTO usage_day_item (day, library, asset, requests) VALUES (?, ?, ?, ?)
        ON CONFLICT (day, library, asset) DO UPDATE SET requests = requests + excluded.requests
        """

    /// Adds `batch` to the counts (inside the caller's transaction).
    static func add(_ batch: DailyUsageBatch, into db: Database) throws {
        let usage = try db.cachedStatement(sql: usageUpsert)
        for (key, sums) in batch.usage {
            try usage.execute(arguments: [
                key.day, key.library, key.collection, key.action, key.decision, key.rule, key.status, sums.requests,
                sums.records, sums.bytes,
            ])
        }
        let items = try db.cachedStatement(sql: itemUpsert)
        for (key, requests) in batch.items {
            try items.execute(arguments: [key.day, key.library, key.asset, requests])
        }
        try db.execute(sql: "UPDATE usage_day_zone SET through = (SELECT COALESCE(MAX(id), 0) FROM audit_event)")
    }

    /// Makes the counts agree with the records: in another zone (or never made) they are cleared and every record
    /// summed; otherwise records after `through` are added. Runs in one transaction, day by day (each day one indexed
    /// range of `audit_event`).
    static func prepare(_ database: DatabasePool, calendar: ReportCalendar) throws {
        try database.write { db in
            let kept = try Row.fetchOne(db, sql: "SELECT zone, through FROM usage_day_zone")
            var through: Int64 = kept?[1] ?? 0
            if kept?[0] != calendar.timeZone.identifier {
                try db.execute(sql: "DELETE FROM usage_day; DELETE FROM usage_day_item; DELETE FROM usage_day_zone")
                try db.execute(
                    sql: "INSERT INTO usage_day_zone (zone, through) VALUES (?, 0)", arguments: [calendar.timeZone.identifier])
                through = 0
            }
            guard
                let bounds = try Row.fetchOne(
                    db, sql: "SELECT MIN(time), MAX(time), MAX(id) FROM audit_event WHERE id > ?", arguments: [through]),
                let lowest = bounds[0] as Int64?, let highest = bounds[1] as Int64?, let last = bounds[2] as Int64?
            else { return }
            let from = Date(timeIntervalSince1970: Double(lowest) / 1000)
            let to = Date(timeIntervalSince1970: Double(highest + 1) / 1000)
            for day in try days(from: from, to: to, calendar: calendar) {
                try add(day, after: through, in: db)
            }
            try db.execute(sql: "UPDATE usage_day_zone SET through = ?", arguments: [last])
        }
    }

    /// The calendar days `[from, to)` touches, whole (never clipped): the counts' own days.
    static func days(from: Date, to: Date, calendar: ReportCalendar) throws -> [AuditLog.ReportDay] {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let start = gregorian.startOfDay(for: from)
        let end = gregorian.date(byAdding: .day, value: 1, to: gregorian.startOfDay(for: to.addingTimeInterval(-0.001))) ?? to
        return try AuditLog.days(from: start, to: max(end, start), timeZone: calendar.timeZone)
    }

    /// Replaces the counts of `day` with the sums of its records.
    static func rebuild(_ day: AuditLog.ReportDay, in db: Database) throws {
        try db.execute(sql: "DELETE FROM usage_day WHERE day = ?", arguments: [day.key])
        try db.execute(sql: "DELETE FROM usage_day_item WHERE day = ?", arguments: [day.key])
        try add(day, after: 0, in: db)
    }

    /// Adds the records of `day` whose id is above `after` to the counts.
    private static func add(_ day: AuditLog.ReportDay, after: Int64, in db: Database) throws {
        let arguments: StatementArguments = [
            day.key, after, AuditSchema.milliseconds(day.start), AuditSchema.milliseconds(day.end),
        ]
        // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
        try db.execute(
            sql: """
                INSERT INTO usage_day (day, library, collection, action, decision, rule, status, requests, records, bytes)
                SELECT * FROM (
                    SELECT ?, library, collection, action, decision,
                           CASE WHEN decision = 'allow' THEN '' ELSE COALESCE(ruleID, '') END AS rule,
                           CASE WHEN decision = 'allow' THEN 0 ELSE status END AS outcome,
                           SUM(requests), COUNT(*), SUM(bytesSent)
                    FROM audit_event WHERE id > ? AND time >= ? AND time < ?
                    GROUP BY 2, 3, 4, 5, 6, 7) WHERE true
                ON CONFLICT (day, library, collection, action, decision, rule, status) DO UPDATE SET
                    requests = requests + excluded.requests, records = records + excluded.records,
                    bytes = bytes + excluded.bytes
                """,
            arguments: arguments)
        try db.execute(
            sql: """
                INSERT INTO usage_day_item (day, library, asset, requests)
                SELECT * FROM (
                    SELECT ?, library, assetID, SUM(requests) FROM audit_event
                    WHERE id > ? AND time >= ? AND time < ? AND decision = 'allow'
                    GROUP BY library, assetID) WHERE true
                ON CONFLICT (day, library, asset) DO UPDATE SET requests = requests + excluded.requests
                """,
            arguments: arguments)
    }
}
