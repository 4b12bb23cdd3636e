import Foundation
import GRDB

extension AuditLog {
    /// COUNTER counts of each month of `query` (see ``CounterCount`` for what each metric counts), summed in SQLite:
    /// one indexed range scan of `audit_event` per month, grouped first by session (subject, library, clock hour) and
    /// item, then by item, so no record is held in memory. Pending records are flushed first.
    public func counterUsage(_ query: CounterQuery) async throws -> CounterUsage {
        try await flush()
        return try await database.read { db in
            var counts: [CounterCount] = []
            var truncated = false
            months: for span in query.months {
                var arguments: StatementArguments = [AuditSchema.milliseconds(span.start), AuditSchema.milliseconds(span.end)]
                if let library = query.library { arguments += [library] }
                let rows = try Row.fetchCursor(
                    db, sql: Self.counterSQL(forLibrary: query.library != nil), arguments: arguments)
                while let row = try rows.next() {
                    guard counts.count < query.maximumCounts else {
                        truncated = true
                        break months
                    }
                    counts.append(
                        CounterCount(
                            month: span.month, assetID: row[0], totalItemRequests: row[1], uniqueItemRequests: row[2],
                            noLicense: row[3], limitExceeded: row[4]))
                }
            }
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(time) FROM audit_event")
            return CounterUsage(
                counts: counts, truncated: truncated,
                oldestRecord: oldest.map { Date(timeIntervalSince1970: Double($0) / 1000) })
        }
    }

    /// One row per item of `[?, ?)` (and library `?`): total, unique, no-license and limit-exceeded requests. The inner
    /// query is one row per session and item (`time / 3600000` is the clock hour; times are integer milliseconds).
    static func counterSQL(forLibrary: Bool) -> String {
        """
        SELECT assetID, SUM(allowed), SUM(CASE WHEN allowed > 0 THEN 1 ELSE 0 END), SUM(noLicense), SUM(limitExceeded)
        FROM (
            SELECT assetID,
                SUM(CASE WHEN decision = 'allow' THEN requests ELSE 0 END) AS allowed,
                SUM(CASE WHEN decision = 'deny' AND status = 403 THEN requests ELSE 0 END) AS noLicense,
                SUM(CASE WHEN decision = 'deny' AND status = 429 THEN requests ELSE 0 END) AS limitExceeded
            FROM audit_event
            WHERE time >= ? AND time < ? \(forLibrary ? "AND library = ?" : "") AND \(CounterCount.contentRecords)
            GROUP BY assetID, subject, library, time / 3600000
        )
        GROUP BY assetID
        HAVING SUM(allowed) > 0 OR SUM(noLicense) > 0 OR SUM(limitExceeded) > 0
        ORDER BY assetID
        """
    }
}
