public import Foundation
public import GRDB

/// The append-only audit log: every decision that served or refused bytes, kept in the catalog's database.
///
/// ``append(_:)`` never waits for the database: records are queued in memory and written in batches (every
/// 250 ms, or as soon as 500 are waiting) by one background task. The queue holds at most 100,000 records; if
/// the database falls that far behind, the oldest are dropped and counted in ``droppedRecords``.
///
/// The table refuses `UPDATE` outright and `DELETE` except through ``purge(olderThan:)`` (a trigger checks for
/// the purge's cutoff, written inside the purge's own transaction).
public final class AuditLog: Sendable {
    /// The time zone usage reports count days in unless told otherwise.
    public static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    let database: DatabasePool
    /// The days the daily counts (`usage_day`) are kept in.
    let calendar: ReportCalendar
    private let writer: AuditWriter

    /// Opens the audit log in `database` (normally `SQLiteCatalog.database`), creating its tables if needed. Daily
    /// counts are kept in `timeZone`'s days; opening a log whose counts were kept in another zone (or never) sums
    /// them again from the records, in one transaction.
    public convenience init(database: DatabasePool, timeZone: TimeZone = AuditLog.defaultTimeZone) throws {
        try self.init(
            database: database, timeZone: timeZone, capacity: 100_000, batchSize: 500, batchWindow: .milliseconds(250))
    }

    /// Opens the audit log with explicit queue settings (tests use small ones).
    init(
        database: DatabasePool, timeZone: TimeZone = AuditLog.defaultTimeZone, capacity: Int, batchSize: Int,
        batchWindow: Duration
    ) throws {
        precondition(batchSize > 0 && capacity >= batchSize, "AuditLog needs 0 < batchSize <= capacity")
        self.database = database
        calendar = ReportCalendar(timeZone: timeZone)
        try AuditSchema.migrator.migrate(database)
        try DailyUsageSQLite.prepare(database, calendar: calendar)
        writer = AuditWriter(
            database: database, calendar: calendar, capacity: capacity, batchSize: batchSize, batchWindow: batchWindow)
        writer.start()
    }

    deinit {
        // The background task writes what is still queued, then ends.
        writer.close()
    }

    /// Records one decision. Returns at once; the record is written by the background task.
    public func append(_ record: AuditRecord) {
        writer.enqueue(record)
    }

    /// Writes every record appended before this call, and returns once they are committed.
    ///
    /// - Throws: The database error that kept a batch from being written. The records stay queued and are
    ///   retried.
    public func flush() async throws {
        try await writer.flush()
    }

    /// Records dropped because the in-memory queue was full (the database fell far behind or failed).
    public var droppedRecords: Int { writer.droppedRecords }

    /// Records appended but not yet handed to the database.
    public var pendingRecords: Int { writer.pendingCount }

    /// Deletes records older than `cutoff` (retention) and returns how many were deleted.
    ///
    /// Pending records are flushed first. Deletion runs in transactions of at most 10,000 rows, so appends keep
    /// flowing during a large purge.
    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await flush()
        let limit = AuditSchema.milliseconds(cutoff)
        var total = 0
        while true {
            let deleted = try await database.write { db -> Int in
                try db.execute(sql: "INSERT INTO audit_purge_permit (cutoff) VALUES (?)", arguments: [limit])
                try db.execute(
                    sql: """
                        DELETE FROM audit_event WHERE id IN
                            (SELECT id FROM audit_event WHERE time < ? ORDER BY time LIMIT 10000)
                        """,
                    arguments: [limit])
                let deleted = db.changesCount
                try db.execute(sql: "DELETE FROM audit_purge_permit")
                return deleted
            }
            total += deleted
            if deleted < 10000 { break }
        }
        // The daily counts follow the records: see DailyUsageSQLite.purge.
        try await database.write { [calendar] db in try DailyUsageSQLite.purge(cutoff: cutoff, calendar: calendar, in: db) }
        return total
    }
}
