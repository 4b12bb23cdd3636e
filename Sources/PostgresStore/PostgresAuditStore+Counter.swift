public import Audit
import Foundation
import PostgresNIO

/// COUNTER counts from the shared database (the network's records): the same query as the SQLite log's
/// (``AuditLog/counterUsage(_:)``), one indexed range scan of `audit_event` per month, summed in PostgreSQL.
extension PostgresAuditStore {
    public func counterUsage(_ query: CounterQuery) async throws -> CounterUsage {
        try await flush()
        var counts: [CounterCount] = []
        var truncated = false
        months: for span in query.months {
            let lower = AuditSchema.milliseconds(span.start), upper = AuditSchema.milliseconds(span.end)
            let rows = try await database.client.query(Self.counterQuery(lower: lower, upper: upper, library: query.library), logger: database.logger)
            for try await (asset, total, unique, noLicense, limitExceeded) in rows.decode((String, Int64, Int64, Int64, Int64).self) {
                guard counts.count < query.maximumCounts else {
                    truncated = true
                    break months
                }
                counts.append(
                    CounterCount(
                        month: span.month, assetID: asset, totalItemRequests: Int(total), uniqueItemRequests: Int(unique),
                        noLicense: Int(noLicense), limitExceeded: Int(limitExceeded)))
            }
        }
        let oldest = try await database.client.query("SELECT MIN(time) FROM audit_event", logger: database.logger)
            .single(Int64?.self) ?? nil
        return CounterUsage(
            counts: counts, truncated: truncated, oldestRecord: oldest.map { Date(timeIntervalSince1970: Double($0) / 1000) })
    }

    /// One row per item of `[lower, upper)` (and `library`): total, unique, no-license and limit-exceeded requests;
    /// the inner query is one row per session (subject, library, clock hour) and item.
    static func counterQuery(lower: Int64, upper: Int64, library: String?) -> PostgresQuery {
        let sums = """
            SELECT asset_id, SUM(allowed)::bigint, SUM(CASE WHEN allowed > 0 THEN 1 ELSE 0 END)::bigint, \
            SUM(no_license)::bigint, SUM(limit_exceeded)::bigint FROM (SELECT asset_id, \
            SUM(CASE WHEN decision = 'allow' THEN requests ELSE 0 END) AS allowed, \
            SUM(CASE WHEN decision = 'deny' AND status = 403 THEN requests ELSE 0 END) AS no_license, \
            SUM(CASE WHEN decision = 'deny' AND status = 429 THEN requests ELSE 0 END) AS limit_exceeded \
            FROM audit_event
            """
        let content = "AND " + CounterCount.contentRecords
        let grouping = """
            GROUP BY asset_id, subject, library, time / 3600000) AS session GROUP BY asset_id \
            HAVING SUM(allowed) > 0 OR SUM(no_license) > 0 OR SUM(limit_exceeded) > 0 ORDER BY asset_id COLLATE "C"
            """
        if let library {
            return """
                \(unescaped: sums) WHERE time >= \(lower) AND time < \(upper) AND library = \(library) \
                \(unescaped: content) \(unescaped: grouping)
                """
        }
        return """
            \(unescaped: sums) WHERE time >= \(lower) AND time < \(upper) \(unescaped: content) \(unescaped: grouping)
            """
    }
}
