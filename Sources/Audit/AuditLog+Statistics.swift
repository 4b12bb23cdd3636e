public import Foundation
import GRDB

extension AuditLog {
    /// The longest range a report by day may cover.
    package static let maximumReportDays = 36_600

    /// Usage between `from` (included) and `to` (excluded), one row per library, collection, day or action, sorted
    /// by key. Only keys with at least one request appear.
    ///
    /// Pending records are flushed first, so a report counts every request appended before the call.
    ///
    /// - Parameters:
    ///   - from: The first instant counted.
    ///   - to: The first instant not counted.
    ///   - grouping: The dimension of the rows.
    ///   - timeZone: The time zone whose calendar days `.day` counts (a request at 2026-01-01T17:00Z is on
    ///     2026-01-02 in Asia/Shanghai).
    ///   - library: Only this library's requests, or every library's when nil.
    /// - Throws: ``AuditError`` if `to` is before `from` or a report by day would exceed 36,600 days; a database
    ///   error otherwise.
    public func statistics(
        from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone = AuditLog.defaultTimeZone,
        library: String?
    ) async throws -> [UsageRow] {
        guard from <= to else {
            throw AuditError(.invalidRange(from: from.formatted(.iso8601), to: to.formatted(.iso8601)))
        }
        let days = grouping == .day ? try Self.days(from: from, to: to, timeZone: timeZone) : []
        try await flush()
        if let range = calendar.wholeDays(from: from, to: to), grouping != .day || timeZone == calendar.timeZone {
            // Whole days of the counts' zone: the daily counts hold the same sums in a few rows per day.
            return try await database.read { db in
                try Self.fromDailyCounts(db, grouping: grouping, fromDay: range.from, toDay: range.to, library: library)
            }
        }
        let lower = AuditSchema.milliseconds(from)
        let upper = AuditSchema.milliseconds(to)
        return try await database.read { db in
            switch grouping {
            case .library: return try Self.grouped(db, column: "library", lower: lower, upper: upper, library: library)
            case .collection: return try Self.grouped(db, column: "collection", lower: lower, upper: upper, library: library)
            case .action: return try Self.grouped(db, column: "action", lower: lower, upper: upper, library: library)
            case .day:
                return try days.compactMap { day in
                    try Self.totals(
                        db, key: day.key, lower: AuditSchema.milliseconds(day.start),
                        upper: AuditSchema.milliseconds(day.end), library: library)
                }
            }
        }
    }

    /// ``statistics(from:to:by:timeZone:library:)`` of every library.
    public func statistics(
        from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone = AuditLog.defaultTimeZone
    ) async throws -> [UsageRow] {
        try await statistics(from: from, to: to, by: grouping, timeZone: timeZone, library: nil)
    }

    /// The condition and argument limiting a query to `library` (nothing when nil).
    private static func scope(_ library: String?) -> (sql: String, arguments: StatementArguments) {
        library.map { (" AND library = ?", [$0]) } ?? ("", [])
    }

    /// Rows of a report over whole days `[fromDay, toDay)` summed from `usage_day`.
    private static func fromDailyCounts(
        _ db: Database, grouping: StatisticsGrouping, fromDay: String, toDay: String, library: String?
    ) throws -> [UsageRow] {
        let scope = scope(library)
        let column = grouping == .day ? "day" : grouping.rawValue
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(column), SUM(requests), SUM(CASE WHEN decision = 'allow' THEN requests ELSE 0 END),
                       SUM(CASE WHEN decision = 'deny' THEN requests ELSE 0 END), SUM(bytes)
                FROM usage_day WHERE day >= ? AND day < ?\(scope.sql)
                GROUP BY \(column) HAVING SUM(requests) > 0 ORDER BY \(column)
                """,
            arguments: [fromDay, toDay] + scope.arguments)
        return rows.map { row in
            UsageRow(key: row[0], requests: row[1], allowed: row[2], denied: row[3], bytes: row[4])
        }
    }

    /// The overview of whole days `[fromDay, toDay)` (`yyyy-MM-dd` in the counts' zone), for every library or one,
    /// with the `topItems` most requested items, and the collections when `collections`. Pending records are
    /// flushed first.
    public func summary(
        fromDay: String, toDay: String, library: String?, topItems: Int, collections: Bool
    ) async throws -> UsageSummary {
        try await flush()
        return try await database.read { db in
            var summary = UsageSummary()
            let scope = library == nil ? "" : " AND library = ?"
            var arguments: StatementArguments = [fromDay, toDay]
            if let library { arguments += [library] }
            var groupings: [(String, String, WritableKeyPath<UsageSummary, [UsageSummary.Breakdown]>)] = [
                ("day", "usage_day_library", \.days), ("library", "usage_day_library", \.libraries),
            ]
            if collections { groupings.append(("collection", "usage_day", \.collections)) }
            for (column, table, path) in groupings {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT \(column), action, decision, SUM(requests), SUM(bytes) FROM \(table)
                        WHERE day >= ? AND day < ?\(scope) GROUP BY 1, 2, 3 ORDER BY 1
                        """,
                    arguments: arguments)
                while let row = try rows.next() {
                    UsageSummary.add(
                        to: &summary[keyPath: path], key: row[0], action: row[1], decision: row[2], requests: row[3],
                        bytes: row[4])
                }
            }
            summary.refusals = try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, status, SUM(requests) FROM usage_day_refusal
                    WHERE day >= ? AND day < ?\(scope) GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
                    """,
                arguments: arguments
            ).map { UsageSummary.Refusal(rule: $0[0], status: Int($0[1] as String) ?? 0, requests: $0[2]) }
            guard topItems > 0 else { return summary }
            // Whole months from the monthly counts, the days around them from the daily ones.
            let period = CountedPeriod(fromDay: fromDay, toDay: toDay)
            var parts: [String] = [], itemArguments: StatementArguments = []
            let (monthly, daily) = library == nil ? ("usage_month_asset", "usage_day_asset") : ("usage_month_item", "usage_day_item")
            if let months = period.months {
                parts.append("SELECT asset, requests FROM \(monthly) WHERE month >= ? AND month <= ?\(scope)")
                itemArguments += [months.first, months.last]
                if let library { itemArguments += [library] }
            }
            for edge in period.edges {
                parts.append("SELECT asset, requests FROM \(daily) WHERE day >= ? AND day < ?\(scope)")
                itemArguments += [edge.from, edge.to]
                if let library { itemArguments += [library] }
            }
            guard !parts.isEmpty else { return summary }
            itemArguments += [topItems]
            summary.topItems = try Row.fetchAll(
                db,
                sql: "SELECT asset, SUM(requests) FROM (\(parts.joined(separator: " UNION ALL "))) GROUP BY asset ORDER BY 2 DESC, 1 LIMIT ?",
                arguments: itemArguments
            ).map { UsageSummary.Item(asset: $0[0], requests: $0[1]) }
            return summary
        }
    }

    /// Requests, allowed, denied and bytes: a record stands for `requests` requests (see ``AuditRecord/requests``).
    private static let sums = """
        COALESCE(SUM(requests), 0), COALESCE(SUM(CASE WHEN decision = 'allow' THEN requests ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN decision = 'deny' THEN requests ELSE 0 END), 0), COALESCE(SUM(bytesSent), 0)
        """

    /// One row per distinct value of `column` (a fixed column name, never user input).
    private static func grouped(_ db: Database, column: String, lower: Int64, upper: Int64, library: String?) throws -> [UsageRow] {
        let scope = scope(library)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(column), \(sums) FROM audit_event WHERE time >= ? AND time < ?\(scope.sql)
                GROUP BY \(column) ORDER BY \(column)
                """,
            arguments: [lower, upper] + scope.arguments)
        return rows.map { row in
            UsageRow(key: row[0], requests: row[1], allowed: row[2], denied: row[3], bytes: row[4])
        }
    }

    /// The totals of `[lower, upper)`, or nil when it holds no request.
    private static func totals(_ db: Database, key: String, lower: Int64, upper: Int64, library: String?) throws -> UsageRow? {
        let scope = scope(library)
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT \(sums) FROM audit_event WHERE time >= ? AND time < ?\(scope.sql)",
                arguments: [lower, upper] + scope.arguments),
            let requests = row[0] as Int?, requests > 0
        else { return nil }
        return UsageRow(key: key, requests: requests, allowed: row[1], denied: row[2], bytes: row[3])
    }

    /// A calendar day of a report, clipped to the report's range.
    package struct ReportDay: Sendable, Hashable {
        package var key: String
        package var start: Date
        package var end: Date
    }

    /// The calendar days of `timeZone` that `[from, to)` touches, each clipped to the range. Boundaries come from
    /// the calendar rather than a fixed offset, so days with a daylight-saving change are right too.
    package static func days(from: Date, to: Date, timeZone: TimeZone) throws -> [ReportDay] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let estimate = Int((to.timeIntervalSince(from) / 86_400).rounded(.up))
        guard estimate <= maximumReportDays else {
            throw AuditError(.rangeTooLong(days: estimate, limit: maximumReportDays))
        }
        var result: [ReportDay] = []
        var start = calendar.startOfDay(for: from)
        while start < to {
            guard let next = calendar.date(byAdding: .day, value: 1, to: start), next > start else { break }
            let parts = calendar.dateComponents([.year, .month, .day], from: start)
            let key = "\(padded(parts.year ?? 0, 4))-\(padded(parts.month ?? 0, 2))-\(padded(parts.day ?? 0, 2))"
            result.append(ReportDay(key: key, start: max(start, from), end: min(next, to)))
            start = next
        }
        return result
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
