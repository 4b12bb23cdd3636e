import AssetStore
import Foundation
import GRDB
import Testing

@testable import Audit

@Suite struct AuditLogTests {
    static let libraries = ["heilongjiang-provincial", "harbin", "qiqihar", "mudanjiang", "jiamusi", "daqing"]
    static let collections = ["gov-info", "local-docs", "local-people", "regional-culture"]
    static let actions = ["stream", "download", "view"]

    /// 1,000 requests spread over libraries, collections, actions, decisions and four days in Shanghai.
    static func thousandRecords() -> [AuditRecord] {
        let start = instant("2026-03-01T00:00:00Z")
        return (0..<1000).map { i in
            record(
                at: start.addingTimeInterval(Double(i) * 311), library: libraries[i % libraries.count],
                collection: collections[(i / 3) % collections.count], action: actions[(i / 7) % actions.count],
                decision: i % 5 == 0 ? "deny" : "allow", bytes: Int64(i))
        }
    }

    static func key(of record: AuditRecord, by grouping: StatisticsGrouping) -> String {
        switch grouping {
        case .library: return record.library
        case .collection: return record.collection
        case .action: return record.action
        case .day:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let c = calendar.dateComponents([.year, .month, .day], from: record.time)
            return String(c.year!) + "-" + (c.month! < 10 ? "0" : "") + String(c.month!) + "-"
                + (c.day! < 10 ? "0" : "") + String(c.day!)
        }
    }

    @Test("CSV counts equal the requests appended", arguments: StatisticsGrouping.allCases, CounterBackend.allCases)
    func countsMatchAppends(grouping: StatisticsGrouping, backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        let records = Self.thousandRecords()
        for r in records { log.append(r) }

        let rows = try await log.statistics(
            from: instant("2026-03-01T00:00:00Z"), to: instant("2026-04-01T00:00:00Z"), by: grouping,
            timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let csv = parseCSV(UsageReport.csv(rows, by: grouping))

        var expected: [String: (requests: Int, allowed: Int, denied: Int, bytes: Int64)] = [:]
        for r in records {
            var e = expected[Self.key(of: r, by: grouping), default: (0, 0, 0, 0)]
            e.requests += 1
            if r.decision == "allow" { e.allowed += 1 } else { e.denied += 1 }
            e.bytes += r.bytesSent
            expected[Self.key(of: r, by: grouping)] = e
        }
        #expect(csv.first == [grouping.rawValue, "requests", "allowed", "denied", "bytes"])
        let body = csv.dropFirst()
        #expect(body.count == expected.count)
        for line in body {
            let e = try #require(expected[line[0]], "unexpected key \(line[0])")
            #expect(line == [line[0], String(e.requests), String(e.allowed), String(e.denied), String(e.bytes)])
        }
        #expect(body.map { Int($0[1])! }.reduce(0, +) == 1000)
        #expect(body.map(\.[0]) == body.map(\.[0]).sorted())
        #expect(log.droppedRecords == 0)
        #expect(try store.storedCount() == 1000)
    }

    struct DayCase: Sendable, CustomTestStringConvertible {
        var timeZone: String
        var expected: [String: Int]
        var testDescription: String { timeZone }
    }

    @Test(
        "days are counted in the report's time zone",
        arguments: [
            DayCase(timeZone: "Asia/Shanghai", expected: ["2026-01-01": 3, "2026-01-02": 2]),
            DayCase(timeZone: "UTC", expected: ["2025-12-31": 1, "2026-01-01": 4]),
            DayCase(timeZone: "America/New_York", expected: ["2025-12-31": 2, "2026-01-01": 3]),
        ], CounterBackend.allCases)
    func dayBoundaries(day: DayCase, backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        for time in [
            "2025-12-31T23:30:00Z",  // Shanghai 01-01 07:30, New York 12-31 18:30
            "2026-01-01T04:59:59Z",  // Shanghai 01-01 12:59, New York 12-31 23:59:59
            "2026-01-01T15:59:59Z",  // Shanghai 01-01 23:59:59
            "2026-01-01T16:00:00Z",  // Shanghai 01-02 00:00 exactly
            "2026-01-01T17:00:00Z",  // Shanghai 01-02 01:00
        ] {
            log.append(record(at: instant(time)))
        }
        let rows = try await log.statistics(
            from: instant("2025-12-30T00:00:00Z"), to: instant("2026-01-03T00:00:00Z"), by: .day,
            timeZone: TimeZone(identifier: day.timeZone)!)
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.requests) }) == day.expected)
    }

    @Test("the default time zone is Asia/Shanghai", arguments: CounterBackend.allCases)
    func defaultTimeZone(backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        log.append(record(at: instant("2026-01-01T17:00:00Z")))
        let rows = try await log.statistics(
            from: instant("2026-01-01T00:00:00Z"), to: instant("2026-01-03T00:00:00Z"), by: .day)
        #expect(rows == [UsageRow(key: "2026-01-02", requests: 1, allowed: 1, denied: 0, bytes: 100)])
    }

    @Test("a report counts from its start (included) to its end (excluded)", arguments: CounterBackend.allCases)
    func rangeIsHalfOpen(backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        let from = instant("2026-02-01T00:00:00Z")
        let to = instant("2026-03-01T00:00:00Z")
        for time in [from.addingTimeInterval(-0.001), from, to.addingTimeInterval(-0.001), to] {
            log.append(record(at: time))
        }
        let rows = try await log.statistics(from: from, to: to, by: .library)
        #expect(rows == [UsageRow(key: "harbin", requests: 2, allowed: 2, denied: 0, bytes: 200)])
        let days = try await log.statistics(from: from, to: to, by: .day, timeZone: TimeZone(identifier: "UTC")!)
        #expect(days.map(\.key) == ["2026-02-01", "2026-02-28"])
    }

    @Test("a range that ends before it starts is refused", arguments: CounterBackend.allCases)
    func invalidRange(backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        let error = await #expect(throws: AuditError.self) {
            try await log.statistics(
                from: instant("2026-02-01T00:00:00Z"), to: instant("2026-01-01T00:00:00Z"), by: .day)
        }
        #expect(error?.isBadRequest == true)
        #expect(error?.description.contains("swap") == true)
    }

    @Test("purge removes only records older than the cutoff", arguments: CounterBackend.allCases)
    func purgeRemovesOnlyOlder(backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        let cutoff = instant("2026-06-01T00:00:00Z")
        let older = [-86_400 * 30.0, -86_400, -0.001].map { cutoff.addingTimeInterval($0) }
        let kept = [0, 0.001, 86_400].map { cutoff.addingTimeInterval($0) }
        for time in older + kept { log.append(record(at: time, library: time < cutoff ? "old" : "new")) }

        #expect(try await log.purge(olderThan: cutoff) == 3)
        #expect(try store.storedCount() == 3)
        let rows = try await log.statistics(
            from: instant("2026-01-01T00:00:00Z"), to: instant("2027-01-01T00:00:00Z"), by: .library)
        #expect(rows.map(\.key) == ["new"])
        #expect(rows.first?.requests == 3)
        #expect(try await log.purge(olderThan: cutoff) == 0)
        // The permit a purge writes never outlives it (SQLite's append-only trigger).
        if let sqlite = store.sqlite {
            #expect(
                try await sqlite.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_purge_permit") } == 0)
        }
    }

    @Test("purge deletes more rows than one chunk")
    func purgeManyRows() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        let start = instant("2025-01-01T00:00:00Z")
        for i in 0..<25_000 { log.append(record(at: start.addingTimeInterval(Double(i)))) }
        log.append(record(at: instant("2026-01-01T00:00:00Z")))
        #expect(try await log.purge(olderThan: instant("2025-12-01T00:00:00Z")) == 25_000)
        #expect(try store.storedCount() == 1)
    }

    @Test("the table refuses UPDATE and a DELETE outside purge")
    func appendOnly() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        log.append(record(at: instant("2020-01-01T00:00:00Z"), decision: "deny"))
        try await log.flush()

        for sql in [
            "UPDATE audit_event SET decision = 'allow'",
            "UPDATE audit_event SET time = time + 1",
            "DELETE FROM audit_event",
            "DELETE FROM audit_event WHERE decision = 'deny'",
        ] {
            let error = #expect(throws: DatabaseError.self, "\(sql)") {
                try store.database.write { try $0.execute(sql: sql) }
            }
            #expect(error?.message?.contains("append-only") == true, "\(sql)")
        }
        let decision = try await store.database.read {
            try String.fetchOne($0, sql: "SELECT decision FROM audit_event")
        }
        #expect(decision == "deny")
        #expect(try store.storedCount() == 1)
    }

    @Test("appends from 50 concurrent tasks all land after flush", arguments: CounterBackend.allCases)
    func concurrentAppends(backend: CounterBackend) async throws {
        let store = try await CounterFixture(backend)
        let log = try await store.auditStore()
        let time = instant("2026-05-04T03:02:01Z")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<50 {
                group.addTask {
                    for i in 0..<200 { log.append(record(at: time, library: "library-\(task)", bytes: Int64(i))) }
                }
            }
        }
        try await log.flush()
        #expect(try store.storedCount() == 10_000)
        let rows = try await log.statistics(from: time, to: time.addingTimeInterval(1), by: .library)
        #expect(rows.count == 50)
        #expect(rows.allSatisfy { $0.requests == 200 && $0.bytes == 19_900 })
        #expect(log.droppedRecords == 0)
    }

    @Test("a full batch is written without flush")
    func fullBatchWrittenInBackground() async throws {
        let store = try TemporaryAuditDatabase()
        // A window far longer than the test: only the batch size can trigger this write.
        let log = try AuditLog(database: store.database, capacity: 1000, batchSize: 10, batchWindow: .seconds(3600))
        for i in 0..<10 { log.append(record(at: instant("2026-01-01T00:00:00Z").addingTimeInterval(Double(i)))) }
        #expect(try await store.waitForStoredCount(10) == 10)
        withExtendedLifetime(log) {}
    }

    @Test("records arriving while a batch is written wait for a batch of their own, not a transaction each")
    func busyLogWritesWholeBatches() async throws {
        let store = try TemporaryAuditDatabase()
        // A window far longer than the test: only whole batches of 100 may be written without a flush.
        let log = try AuditLog(database: store.database, capacity: 1000, batchSize: 100, batchWindow: .seconds(3600))
        for i in 0..<250 { log.append(record(at: instant("2026-01-01T00:00:00Z").addingTimeInterval(Double(i)))) }
        #expect(try await store.waitForStoredCount(200) == 200)
        // The 50 left over are not written piecemeal behind the batches: they wait for their batch or window.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try store.storedCount() == 200)
        #expect(log.pendingRecords == 50)
        try await log.flush()
        #expect(try store.storedCount() == 250)
        #expect(log.pendingRecords == 0)
    }

    @Test("a partial batch is written when its window closes, without flush")
    func partialBatchWrittenInBackground() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        log.append(record(at: instant("2026-01-01T00:00:00Z")))
        #expect(try await store.waitForStoredCount(1) == 1)
        #expect(log.pendingRecords == 0)
    }

    @Test("records still queued when the log is released are written")
    func releaseDrains() async throws {
        let store = try TemporaryAuditDatabase()
        do {
            let log = try AuditLog(
                database: store.database, capacity: 1000, batchSize: 1000, batchWindow: .seconds(3600))
            for i in 0..<7 { log.append(record(at: instant("2026-01-01T00:00:00Z").addingTimeInterval(Double(i)))) }
        }
        #expect(try await store.waitForStoredCount(7) == 7)
    }

    @Test("the audit migration sits beside the catalog's and runs once")
    func migrationCoexists() async throws {
        let store = try TemporaryAuditDatabase()
        let first = try store.auditStore()
        first.append(record(at: instant("2026-01-01T00:00:00Z")))
        try await first.flush()
        let second = try store.auditStore()
        try await second.flush()
        // Reopening the catalog (its own migrator) tolerates the audit migration.
        let reopened = try SQLiteCatalog(path: store.directory + "/catalog.sqlite")
        #expect(try await reopened.count() == 0)
        let applied = try await store.database.read {
            try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(applied == ["v1-assets", "v1-audit", "v2-audit-time-index-only", "v3-audit-plain-rowid", "v4-audit-requests", "v5-audit-daily-usage", "v6-audit-daily-counts-by-question"])
        #expect(try store.storedCount() == 1)
        // Reports filter by time only: that is the one index an append has to maintain.
        let indexes = try await store.database.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_event' ORDER BY name")
        }
        #expect(indexes == ["audit_event_on_time"])
    }

    @Test("rebuilding the table without AUTOINCREMENT keeps every record, the time index and the append-only rule")
    func plainRowidRebuildKeepsRecords() async throws {
        let store = try TemporaryAuditDatabase()
        // A log as the previous schema left it, with records in it.
        try AuditSchema.migrator.migrate(store.database, upTo: "v2-audit-time-index-only")
        try await store.database.write { db in
            for i in 0..<3 {
                try db.execute(
                    sql: """
                        INSERT INTO audit_event (time, subject, library, assetID, collection, action, decision, ruleID,
                            status, bytesSent, clientAddress, userAgent)
                        VALUES (?, 'anonymous', 'harbin', 'a', 'local-docs', 'read', 'allow', NULL, 200, ?, '-', '-')
                        """,
                    arguments: [1_000 + i, i])
            }
        }
        let log = try store.auditStore()
        log.append(record(at: Date(timeIntervalSince1970: 10), bytes: 77))
        try await log.flush()
        let rows = try await store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, time, bytesSent FROM audit_event ORDER BY id")
                .map { [$0["id"] as Int64, $0["time"] as Int64, $0["bytesSent"] as Int64] }
        }
        // The old rows keep their ids; a new one follows them.
        #expect(rows == [[1, 1_000, 0], [2, 1_001, 1], [3, 1_002, 2], [4, 10_000, 77]])
        let (table, indexes) = try await store.database.read { db in
            (
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_event'"),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_event'")
            )
        }
        #expect(table?.contains("AUTOINCREMENT") == false)
        #expect(indexes == ["audit_event_on_time"])
        // Still append-only.
        let refused = await #expect(throws: DatabaseError.self) {
            try await store.database.write { try $0.execute(sql: "UPDATE audit_event SET status = 500") }
        }
        #expect(refused?.message?.contains("append-only") == true)
        await #expect(throws: DatabaseError.self) {
            try await store.database.write { try $0.execute(sql: "DELETE FROM audit_event") }
        }
    }
}
