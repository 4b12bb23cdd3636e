public import Audit
public import Foundation
import Logging
import PostgresNIO

/// The audit log in the shared database: every node's decisions in one table, so usage reports cover the network.
/// Appends are queued in memory and written in batches (one multi-row insert per batch) by the same bounded writer
/// as the SQLite log: while PostgreSQL is away, records wait in the queue (at most 100,000; beyond that the oldest
/// are dropped and counted in ``droppedRecords``) and are written when it returns.
public final class PostgresAuditStore: AuditStore {
    let database: SharedDatabase
    let writer: AuditWriter
    /// The days the daily counts are kept in.
    let calendar: ReportCalendar

    /// The store; call ``prepareDailyCounts()`` once before use (it sums the daily counts again when they were kept
    /// in another zone or never).
    public init(
        database: SharedDatabase, timeZone: TimeZone = AuditLog.defaultTimeZone, capacity: Int = 100_000,
        batchSize: Int = 500, batchWindow: Duration = .milliseconds(250)
    ) {
        self.database = database
        let calendar = ReportCalendar(timeZone: timeZone)
        self.calendar = calendar
        writer = AuditWriter(capacity: capacity, batchSize: batchSize, batchWindow: batchWindow) { batch in
            try await Self.insert(batch, zone: calendar.timeZone.identifier, into: database)
        }
        writer.start()
    }

    deinit { writer.close() }

    public func append(_ record: AuditRecord) { writer.enqueue(record) }

    public func flush() async throws { try await writer.flush() }

    public var droppedRecords: Int { writer.droppedRecords }

    public var pendingRecords: Int { writer.pendingCount }

    /// One statement per batch: the columns as arrays, unnested into rows.
    static func insert(_ batch: [AuditRecord], zone: String, into database: SharedDatabase) async throws {
        guard !batch.isEmpty else { return }
        let rows = batch.map { record in
            StoreImport.AuditRow(
                id: 0, time: AuditSchema.milliseconds(record.time), subject: record.subject, library: record.library,
                assetID: record.assetID, collection: record.collection, action: record.action, decision: record.decision,
                ruleID: record.ruleID, status: Int64(record.status), bytesSent: record.bytesSent, clientAddress: record.clientAddress,
                userAgent: record.userAgent, requests: Int64(record.requests))
        }
        try await SharedDatabase.withDeadline(seconds: max(10, database.deadlines.operation), "writing audit records") {
            try await database.client.query(insertStatement(rows, dailyCountsZone: zone), logger: database.logger)
        }
    }

    /// The insert of `batch` (the `id`s are not written: the table numbers its rows); with `dailyCountsZone`, the
    /// same statement adds the batch to the daily counts of that zone's days (one statement: both or neither).
    static func insertStatement(_ batch: [StoreImport.AuditRow], dailyCountsZone: String? = nil) -> PostgresQuery {
        let times = batch.map(\.time), subjects = batch.map(\.subject), libraries = batch.map(\.library)
        let assets = batch.map(\.assetID), collections = batch.map(\.collection), actions = batch.map(\.action)
        let decisions = batch.map(\.decision), rules = batch.map { $0.ruleID ?? "" }, statuses = batch.map(\.status)
        let bytes = batch.map(\.bytesSent), clients = batch.map(\.clientAddress), agents = batch.map(\.userAgent)
        let requests = batch.map(\.requests)
        if let zone = dailyCountsZone {
            // Each table of daily counts is one more data-modifying WITH clause over the same rows `x`.
            var sql = """
                WITH x AS (SELECT *, to_char(to_timestamp(t / 1000.0) AT TIME ZONE $14::text, 'YYYY-MM-DD') AS dy \
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], \
                $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::bigint[]) AS x(t, s, l, a, c, ac, d, r, st, b, cl, ua, rq)), \
                inserted AS (INSERT INTO audit_event (time, subject, library, asset_id, collection, action, decision, rule_id, \
                status, bytes_sent, client_address, user_agent, requests) \
                SELECT t, s, l, a, c, ac, d, NULLIF(r, ''), st, b, cl, ua, rq FROM x)
                """
            for (index, table) in DailyCountTable.all.enumerated() {
                let expressions = table.keys.map { key -> String in
                    switch key {
                    case .day: return "dy"
                    case .month: return "substr(dy, 1, 7)"
                    case .library: return "l"
                    case .collection: return "c"
                    case .action: return "ac"
                    case .decision: return "d"
                    case .rule: return "r"
                    case .status: return "st::text"
                    case .asset: return "a"
                    }
                }
                let groups = (1...table.keys.count).map(String.init).joined(separator: ", ")
                let statement = """
                    INSERT INTO \(table.name) (\(table.keyColumns), requests, bytes) \
                    SELECT \(expressions.joined(separator: ", ")), sum(rq), sum(b) FROM x WHERE \(table.condition(decision: "d")) \
                    GROUP BY \(groups) ORDER BY \(groups) ON CONFLICT (\(table.keyColumns)) DO UPDATE SET \
                    requests = \(table.name).requests + EXCLUDED.requests, bytes = \(table.name).bytes + EXCLUDED.bytes
                    """
                sql += index == DailyCountTable.all.count - 1 ? " " + statement : ", counts\(index) AS (\(statement))"
            }
            var bindings = PostgresBindings()
            bindings.append(times)
            bindings.append(subjects)
            bindings.append(libraries)
            bindings.append(assets)
            bindings.append(collections)
            bindings.append(actions)
            bindings.append(decisions)
            bindings.append(rules)
            bindings.append(statuses)
            bindings.append(bytes)
            bindings.append(clients)
            bindings.append(agents)
            bindings.append(requests)
            bindings.append(zone)
            return PostgresQuery(unsafeSQL: sql, binds: bindings)
        }
        return """
        INSERT INTO audit_event (time, subject, library, asset_id, collection, action, decision, rule_id, status, \
        bytes_sent, client_address, user_agent, requests) \
        SELECT t, s, l, a, c, ac, d, NULLIF(r, ''), st, b, cl, ua, rq FROM unnest(\(times)::bigint[], \(subjects)::text[], \
        \(libraries)::text[], \(assets)::text[], \(collections)::text[], \(actions)::text[], \(decisions)::text[], \
        \(rules)::text[], \(statuses)::bigint[], \(bytes)::bigint[], \(clients)::text[], \(agents)::text[], \
        \(requests)::bigint[]) AS x(t, s, l, a, c, ac, d, r, st, b, cl, ua, rq)
        """
    }

    public func statistics(
        from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone, library: String?
    ) async throws -> [UsageRow] {
        // An empty library matches every row: one statement shape for the network and for one library.
        let scope = library ?? ""
        guard from <= to else { throw AuditError.invalidRange(from: from, to: to) }
        let days = grouping == .day ? try AuditLog.days(from: from, to: to, timeZone: timeZone) : []
        try await flush()
        if let range = calendar.wholeDays(from: from, to: to), grouping != .day || timeZone == calendar.timeZone {
            return try await fromDailyCounts(grouping: grouping, fromDay: range.from, toDay: range.to, library: scope)
        }
        let lower = AuditSchema.milliseconds(from), upper = AuditSchema.milliseconds(to)
        switch grouping {
        case .library: return try await grouped(column: "library", lower: lower, upper: upper, library: scope)
        case .collection: return try await grouped(column: "collection", lower: lower, upper: upper, library: scope)
        case .action: return try await grouped(column: "action", lower: lower, upper: upper, library: scope)
        case .day:
            var rows = [UsageRow]()
            for day in days {
                let totals = try await database.client.query(
                    "SELECT \(unescaped: Self.sums) FROM audit_event WHERE time >= \(AuditSchema.milliseconds(day.start)) AND time < \(AuditSchema.milliseconds(day.end)) AND (\(scope) = '' OR library = \(scope))",
                    logger: database.logger
                ).single((Int64, Int64, Int64, Int64).self)
                if let totals, totals.0 > 0 {
                    rows.append(UsageRow(key: day.key, requests: Int(totals.0), allowed: Int(totals.1), denied: Int(totals.2), bytes: totals.3))
                }
            }
            return rows
        }
    }

    /// Requests, allowed, denied and bytes: a record stands for `requests` requests.
    static let sums = """
        COALESCE(SUM(requests), 0)::bigint, COALESCE(SUM(CASE WHEN decision = 'allow' THEN requests ELSE 0 END), 0)::bigint, \
        COALESCE(SUM(CASE WHEN decision = 'deny' THEN requests ELSE 0 END), 0)::bigint, COALESCE(SUM(bytes_sent), 0)::bigint
        """

    /// One row per distinct value of `column` (a fixed column name, never user input).
    func grouped(column: String, lower: Int64, upper: Int64, library scope: String) async throws -> [UsageRow] {
        let rows = try await database.client.query(
            """
            SELECT \(unescaped: column), \(unescaped: Self.sums) FROM audit_event WHERE time >= \(lower) AND time < \(upper) \
            AND (\(scope) = '' OR library = \(scope)) \
            GROUP BY \(unescaped: column) ORDER BY \(unescaped: column) COLLATE "C"
            """, logger: database.logger)
        var result = [UsageRow]()
        for try await (key, requests, allowed, denied, bytes) in rows.decode((String, Int64, Int64, Int64, Int64).self) {
            result.append(UsageRow(key: key, requests: Int(requests), allowed: Int(allowed), denied: Int(denied), bytes: bytes))
        }
        return result
    }

    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await flush()
        let limit = AuditSchema.milliseconds(cutoff)
        let deleted = try await database.client.query(
            "WITH gone AS (DELETE FROM audit_event WHERE time < \(limit) RETURNING 1) SELECT count(*) FROM gone",
            logger: database.logger
        ).single(Int.self) ?? 0
        try await purgeDailyCounts(cutoff: cutoff)
        return deleted
    }
}
