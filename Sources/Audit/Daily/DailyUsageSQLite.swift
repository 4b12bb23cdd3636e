import Foundation
import GRDB

/// The daily counts in the embedded database (the tables of ``DailyCountTable``), added to in the transaction that
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
        // One wide table made a year of a busy network half a million rows to read for every overview: narrow
        // tables per question instead (DailyCountTable), with monthly item counts. Summed again from the records.
        migrator.registerMigration("v6-audit-daily-counts-by-question") { db in
            try db.execute(sql: "DROP TABLE usage_day; DROP TABLE usage_day_item; DELETE FROM usage_day_zone")
            for table in DailyCountTable.all {
                try db.execute(sql: table.createSQL(integer: "INTEGER", suffix: " WITHOUT ROWID"))
            }
            try db.execute(sql: "CREATE INDEX usage_day_item_by_library ON usage_day_item (library, day)")
            try db.execute(sql: "CREATE INDEX usage_month_item_by_library ON usage_month_item (library, month)")
        }
    }

    /// Adds `batch` to the counts (inside the caller's transaction).
    static func add(_ batch: DailyCountBatch, into db: Database) throws {
        for (table, rows) in batch.tables where !rows.isEmpty {
            let marks = Array(repeating: "?", count: table.keys.count + 2).joined(separator: ", ")
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO \(table.name) (\(table.keyColumns), requests, bytes) VALUES (\(marks))
                    ON CONFLICT (\(table.keyColumns)) DO UPDATE SET
                        requests = requests + excluded.requests, bytes = bytes + excluded.bytes
                    """)
            for (key, sums) in rows {
                try statement.execute(arguments: StatementArguments(key.map { $0 as any DatabaseValueConvertible } + [sums.requests, sums.bytes]))
            }
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
                for table in DailyCountTable.all { try db.execute(sql: "DELETE FROM \(table.name)") }
                try db.execute(sql: "DELETE FROM usage_day_zone")
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
                try add(day, after: through, tables: DailyCountTable.all, in: db)
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

    /// After retention removed the records before `cutoff`: the daily rows of earlier days go and the cutoff's day is
    /// summed again; the monthly rows of earlier months go and the cutoff's month is summed again from what is left.
    static func purge(cutoff: Date, calendar: ReportCalendar, in db: Database) throws {
        guard let day = try days(from: cutoff, to: cutoff.addingTimeInterval(0.001), calendar: calendar).first else { return }
        let month = String(day.key.prefix(7))
        let daily = DailyCountTable.all.filter { $0.keys.first == .day }
        let monthly = DailyCountTable.all.filter { $0.keys.first == .month }
        for table in daily { try db.execute(sql: "DELETE FROM \(table.name) WHERE day <= ?", arguments: [day.key]) }
        for table in monthly { try db.execute(sql: "DELETE FROM \(table.name) WHERE month <= ?", arguments: [month]) }
        try add(day, after: 0, tables: daily, in: db)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let parts = gregorian.dateComponents([.year, .month], from: day.start)
        guard let first = gregorian.date(from: parts), let next = gregorian.date(byAdding: .month, value: 1, to: first) else { return }
        for remaining in try days(from: first, to: next, calendar: calendar) {
            try add(remaining, after: 0, tables: monthly, in: db)
        }
    }

    /// Adds the records of `day` whose id is above `after` to `tables`: the day's records are copied once (one range
    /// of the time index) into a temporary table that each table's sum then scans.
    private static func add(_ day: AuditLog.ReportDay, after: Int64, tables: [DailyCountTable], in db: Database) throws {
        let lower = AuditSchema.milliseconds(day.start), upper = AuditSchema.milliseconds(day.end)
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS usage_day_records (
                    library TEXT, collection TEXT, action TEXT, decision TEXT, ruleID TEXT, status INTEGER, assetID TEXT,
                    requests INTEGER, bytesSent INTEGER);
                DELETE FROM temp.usage_day_records;
                """)
        try db.execute(
            sql: """
                INSERT INTO temp.usage_day_records
                SELECT library, collection, action, decision, ruleID, status, assetID, requests, bytesSent FROM audit_event
                WHERE time >= ? AND time < ? AND id > ?
                """,
            arguments: [lower, upper, after])
        guard db.changesCount > 0 else { return }
        for table in tables {
            let expressions = table.keys.map { key -> String in
                switch key {
                case .day: return "'\(day.key)'"
                case .month: return "'\(day.key.prefix(7))'"
                case .library: return "library"
                case .collection: return "collection"
                case .action: return "action"
                case .decision: return "decision"
                case .rule: return "COALESCE(ruleID, '')"
                case .status: return "CAST(status AS TEXT)"
                case .asset: return "assetID"
                }
            }
            let groups = (1...table.keys.count).map(String.init).joined(separator: ", ")
            // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join. The day and month
            // are `yyyy-MM-dd` of a calendar, never input: written into the statement.
            try db.execute(
                sql: """
                    INSERT INTO \(table.name) (\(table.keyColumns), requests, bytes)
                    SELECT * FROM (
                        SELECT \(expressions.joined(separator: ", ")), SUM(requests), SUM(bytesSent)
                        FROM temp.usage_day_records WHERE \(table.condition(decision: "decision"))
                        GROUP BY \(groups)) WHERE true
                    ON CONFLICT (\(table.keyColumns)) DO UPDATE SET
                        requests = requests + excluded.requests, bytes = bytes + excluded.bytes
                    """)
        }
    }
}
