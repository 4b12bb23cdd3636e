public import Audit
public import Foundation
import PostgresNIO

/// The daily counts in the shared database (the tables of ``DailyCountTable``): added to by the statement that writes
/// a batch of records, summed again from the records when the zone they were kept in is not the node's (or they were
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
            for table in DailyCountTable.all {
                try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name)"), logger: logger)
            }
            try await connection.query("DELETE FROM usage_day_zone", logger: logger)
            try await connection.query("INSERT INTO usage_day_zone (zone) VALUES (\(zone))", logger: logger)
            for table in DailyCountTable.all {
                try await connection.query(Self.sum(table, zone: zone, from: nil, to: nil), logger: logger)
            }
        }
    }

    /// Sums the records of `[from, to)` (milliseconds; every record when nil) into `table`, adding to rows there.
    static func sum(_ table: DailyCountTable, zone: String, from: Int64?, to: Int64?) -> PostgresQuery {
        let day = "to_char(to_timestamp(time / 1000.0) AT TIME ZONE $1::text, 'YYYY-MM-DD')"
        let expressions = table.keys.map { key -> String in
            switch key {
            case .day: return day
            case .month: return "substr(\(day), 1, 7)"
            case .library: return "library"
            case .collection: return "collection"
            case .action: return "action"
            case .decision: return "decision"
            case .rule: return "COALESCE(rule_id, '')"
            case .status: return "status::text"
            case .asset: return "asset_id"
            }
        }
        let groups = (1...table.keys.count).map(String.init).joined(separator: ", ")
        var bindings = PostgresBindings()
        bindings.append(zone)
        bindings.append(from ?? Int64.min)
        bindings.append(to ?? Int64.max)
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(table.name) (\(table.keyColumns), requests, bytes) \
                SELECT \(expressions.joined(separator: ", ")), sum(requests), sum(bytes_sent) FROM audit_event \
                WHERE time >= $2 AND time < $3 AND \(table.condition(decision: "decision")) GROUP BY \(groups) \
                ON CONFLICT (\(table.keyColumns)) DO UPDATE SET \
                requests = \(table.name).requests + EXCLUDED.requests, bytes = \(table.name).bytes + EXCLUDED.bytes
                """, binds: bindings)
    }

    /// After a purge: daily rows of days before the cutoff's and monthly rows of months before its month go; the
    /// cutoff's day and month are summed again from what is left of them.
    func purgeDailyCounts(cutoff: Date) async throws {
        let zone = calendar.timeZone.identifier
        let day = calendar.dayKey(cutoff), month = String(day.prefix(7))
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let dayStart = gregorian.startOfDay(for: cutoff)
        let nextDay = gregorian.date(byAdding: .day, value: 1, to: dayStart) ?? cutoff
        let monthStart = gregorian.date(from: gregorian.dateComponents([.year, .month], from: dayStart)) ?? dayStart
        let nextMonth = gregorian.date(byAdding: .month, value: 1, to: monthStart) ?? nextDay
        let logger = database.logger
        try await database.client.withTransaction(logger: logger) { connection in
            for table in DailyCountTable.all {
                let daily = table.keys.first == .day
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "DELETE FROM \(table.name) WHERE \(daily ? "day" : "month") <= $1",
                        binds: { var b = PostgresBindings(); b.append(daily ? day : month); return b }()),
                    logger: logger)
                try await connection.query(
                    Self.sum(
                        table, zone: zone, from: AuditSchema.milliseconds(daily ? dayStart : monthStart),
                        to: AuditSchema.milliseconds(daily ? nextDay : nextMonth)),
                    logger: logger)
            }
        }
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

    public func summary(
        fromDay: String, toDay: String, library: String?, topItems: Int, collections: Bool
    ) async throws -> UsageSummary {
        try await flush()
        var summary = UsageSummary()
        // An empty library matches every row: one statement shape for the network and for one library.
        let scope = library ?? ""
        var groupings: [(String, String, WritableKeyPath<UsageSummary, [UsageSummary.Breakdown]>)] = [
            ("day", "usage_day_library", \.days), ("library", "usage_day_library", \.libraries),
        ]
        if collections { groupings.append(("collection", "usage_day", \.collections)) }
        for (column, table, path) in groupings {
            let rows = try await database.client.query(
                """
                SELECT \(unescaped: column), action, decision, sum(requests)::bigint, sum(bytes)::bigint FROM \(unescaped: table) \
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
            SELECT rule, status, sum(requests)::bigint FROM usage_day_refusal \
            WHERE day >= \(fromDay) AND day < \(toDay) AND (\(scope) = '' OR library = \(scope)) \
            GROUP BY 1, 2 ORDER BY 3 DESC, rule COLLATE "C", 2
            """, logger: database.logger)
        for try await (rule, status, requests) in refusals.decode((String, String, Int64).self) {
            summary.refusals.append(UsageSummary.Refusal(rule: rule, status: Int(status) ?? 0, requests: Int(requests)))
        }
        guard topItems > 0 else { return summary }
        // Whole months from the monthly counts, the days around them from the daily ones (empty ranges match nothing).
        let period = CountedPeriod(fromDay: fromDay, toDay: toDay)
        let (monthly, daily) = library == nil ? ("usage_month_asset", "usage_day_asset") : ("usage_month_item", "usage_day_item")
        let libraryCondition = library == nil ? "" : " AND library = $8"
        var bindings = PostgresBindings()
        bindings.append(period.months?.first ?? "9999-99")
        bindings.append(period.months?.last ?? "0000-00")
        let edges = period.edges + Array(repeating: (from: "9999", to: "0000"), count: 2 - period.edges.count)
        for edge in edges {
            bindings.append(edge.from)
            bindings.append(edge.to)
        }
        bindings.append(Int64(topItems))
        bindings.append(scope)
        let items = try await database.client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT asset, sum(requests)::bigint FROM ( \
                    SELECT asset, requests FROM \(monthly) WHERE month >= $1 AND month <= $2\(libraryCondition) UNION ALL \
                    SELECT asset, requests FROM \(daily) WHERE ((day >= $3 AND day < $4) OR (day >= $5 AND day < $6))\(libraryCondition)) x \
                    GROUP BY 1 ORDER BY 2 DESC, asset COLLATE "C" LIMIT $7
                    """, binds: bindings), logger: database.logger)
        for try await (asset, requests) in items.decode((String, Int64).self) {
            summary.topItems.append(UsageSummary.Item(asset: asset, requests: Int(requests)))
        }
        return summary
    }
}
