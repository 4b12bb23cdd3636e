public import Audit
public import Foundation
import PostgresNIO

/// The daily counts in the shared database (`usage_day`, `usage_day_item`): added to by the statement that writes a
/// batch of records, summed again from the records when the zone they were kept in is not the node's (or they were
/// never kept: a database filled by `gateway migrate`).
extension PostgresAuditStore {
    /// Makes the daily counts agree with the records, once per network (under an advisory lock; the first node to
    /// start does it, the others find the zone already right).
    public func prepareDailyCounts() async throws {
        let zone = calendar.timeZone.identifier
        let logger = database.logger
        try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7215012)", logger: logger)
            let kept = try await connection.query("SELECT zone FROM usage_day_zone", logger: logger).single(String.self)
            guard kept != zone else { return }
            try await connection.query("DELETE FROM usage_day", logger: logger)
            try await connection.query("DELETE FROM usage_day_item", logger: logger)
            try await connection.query("DELETE FROM usage_day_zone", logger: logger)
            try await connection.query("INSERT INTO usage_day_zone (zone) VALUES (\(zone))", logger: logger)
            try await connection.query(Self.rebuildUsage(zone: zone), logger: logger)
            try await connection.query(Self.rebuildItems(zone: zone), logger: logger)
        }
    }

    /// Sums every record into `usage_day`.
    static func rebuildUsage(zone: String) -> PostgresQuery {
        """
        INSERT INTO usage_day (day, library, collection, action, decision, rule, status, requests, records, bytes) \
        SELECT to_char(to_timestamp(time / 1000.0) AT TIME ZONE \(zone)::text, 'YYYY-MM-DD'), library, collection, action, \
        decision, CASE WHEN decision = 'allow' THEN '' ELSE COALESCE(rule_id, '') END, \
        CASE WHEN decision = 'allow' THEN 0 ELSE status END, sum(requests), count(*), sum(bytes_sent) \
        FROM audit_event GROUP BY 1, 2, 3, 4, 5, 6, 7
        """
    }

    /// Sums every allowed record into `usage_day_item`.
    static func rebuildItems(zone: String) -> PostgresQuery {
        """
        INSERT INTO usage_day_item (day, library, asset, requests) \
        SELECT to_char(to_timestamp(time / 1000.0) AT TIME ZONE \(zone)::text, 'YYYY-MM-DD'), library, asset_id, sum(requests) \
        FROM audit_event WHERE decision = 'allow' GROUP BY 1, 2, 3
        """
    }

    /// After a purge: days before the cutoff's go from the counts, the cutoff's own day is summed again.
    func purgeDailyCounts(cutoff: Date, deleted: Int) async throws -> Int {
        let day = calendar.dayKey(cutoff)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let dayStart = AuditSchema.milliseconds(gregorian.startOfDay(for: cutoff))
        let logger = database.logger
        try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM usage_day WHERE day <= \(day)", logger: logger)
            try await connection.query("DELETE FROM usage_day_item WHERE day <= \(day)", logger: logger)
            // Records of the cutoff's day and every later one are summed again only for that day.
            let nextDay = gregorian.date(byAdding: .day, value: 1, to: gregorian.startOfDay(for: cutoff)) ?? cutoff
            let upper = AuditSchema.milliseconds(nextDay)
            try await connection.query(
                """
                INSERT INTO usage_day (day, library, collection, action, decision, rule, status, requests, records, bytes) \
                SELECT \(day)::text, library, collection, action, decision, \
                CASE WHEN decision = 'allow' THEN '' ELSE COALESCE(rule_id, '') END, \
                CASE WHEN decision = 'allow' THEN 0 ELSE status END, sum(requests), count(*), sum(bytes_sent) \
                FROM audit_event WHERE time >= \(dayStart) AND time < \(upper) GROUP BY 2, 3, 4, 5, 6, 7
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO usage_day_item (day, library, asset, requests) \
                SELECT \(day)::text, library, asset_id, sum(requests) FROM audit_event \
                WHERE decision = 'allow' AND time >= \(dayStart) AND time < \(upper) GROUP BY 2, 3
                """, logger: logger)
        }
        return deleted
    }

    /// A report over whole days from `usage_day`.
    func fromDailyCounts(grouping: StatisticsGrouping, fromDay: String, toDay: String, library scope: String) async throws -> [UsageRow] {
        let column = grouping == .day ? "day" : grouping.rawValue
        let rows = try await database.client.query(
            """
            SELECT \(unescaped: column), sum(requests)::bigint, \
            sum(CASE WHEN decision = 'allow' THEN requests ELSE 0 END)::bigint, \
            sum(CASE WHEN decision = 'deny' THEN requests ELSE 0 END)::bigint, sum(bytes)::bigint \
            FROM usage_day WHERE day >= \(fromDay) AND day < \(toDay) AND (\(scope) = '' OR library = \(scope)) \
            GROUP BY 1 HAVING sum(requests) > 0 \
            ORDER BY \(unescaped: column) COLLATE "C"
            """, logger: database.logger)
        var result = [UsageRow]()
        for try await (key, requests, allowed, denied, bytes) in rows.decode((String, Int64, Int64, Int64, Int64).self) {
            result.append(UsageRow(key: key, requests: Int(requests), allowed: Int(allowed), denied: Int(denied), bytes: bytes))
        }
        return result
    }

    public func summary(fromDay: String, toDay: String, library: String?, topItems: Int) async throws -> UsageSummary {
        try await flush()
        var summary = UsageSummary()
        // An empty library matches every row: one statement shape for the network and for one library.
        let scope = library ?? ""
        let groupings: [(String, WritableKeyPath<UsageSummary, [UsageSummary.Breakdown]>)] = [
            ("day", \.days), ("library", \.libraries), ("collection", \.collections),
        ]
        for (column, path) in groupings {
            let rows = try await database.client.query(
                """
                SELECT \(unescaped: column), action, decision, sum(requests)::bigint, sum(bytes)::bigint FROM usage_day \
                WHERE day >= \(fromDay) AND day < \(toDay) AND (\(scope) = '' OR library = \(scope)) \
                GROUP BY 1, 2, 3 ORDER BY \(unescaped: column) COLLATE "C"
                """, logger: database.logger)
            for try await (key, action, decision, requests, bytes) in rows.decode((String, String, String, Int64, Int64).self) {
                UsageSummary.add(
                    to: &summary[keyPath: path], key: key, action: action, decision: decision, requests: Int(requests),
                    bytes: bytes)
            }
        }
        let refusals = try await database.client.query(
            """
            SELECT rule, status, sum(requests)::bigint FROM usage_day \
            WHERE day >= \(fromDay) AND day < \(toDay) AND (\(scope) = '' OR library = \(scope)) AND decision <> 'allow' \
            GROUP BY 1, 2 ORDER BY 3 DESC, rule COLLATE "C", 2
            """, logger: database.logger)
        for try await (rule, status, requests) in refusals.decode((String, Int64, Int64).self) {
            summary.refusals.append(UsageSummary.Refusal(rule: rule, status: Int(status), requests: Int(requests)))
        }
        let items = try await database.client.query(
            """
            SELECT asset, sum(requests)::bigint FROM usage_day_item \
            WHERE day >= \(fromDay) AND day < \(toDay) AND (\(scope) = '' OR library = \(scope)) \
            GROUP BY 1 ORDER BY 2 DESC, asset COLLATE "C" LIMIT \(Int64(topItems))
            """, logger: database.logger)
        for try await (asset, requests) in items.decode((String, Int64).self) {
            summary.topItems.append(UsageSummary.Item(asset: asset, requests: Int(requests)))
        }
        return summary
    }
}
