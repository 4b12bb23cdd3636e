import Foundation
import GRDB
import Logging
import PostgresStore
import TestServers
import Testing

@testable import Audit

/// The daily counts (`usage_day`, `usage_day_item`) the console's overview and whole-day reports read: kept as records
/// are written, they must give exactly the sums of the records themselves, on both backends, after a reopening in
/// another time zone and after retention.
@Suite struct DailyUsageTests {
    /// 2026-03-01 00:00 in Shanghai (2026-02-28T16:00Z).
    static let start = Date(timeIntervalSince1970: 1_772_294_400)
    static let shanghai = AuditLog.defaultTimeZone

    /// A store of `backend` on `fixture`'s database keeping its counts in `zone` (a second call is a reopening).
    static func store(_ fixture: CounterFixture, zone: TimeZone) async throws -> any AuditStore {
        if let sqlite = fixture.sqlite { return try AuditLog(database: sqlite.database, timeZone: zone) }
        let database = try await SharedDatabase(url: fixture.postgres!.url, logger: Logger(label: "test"), deadlines: .patient)
        let store = PostgresAuditStore(database: database, timeZone: zone)
        try await store.prepareDailyCounts()
        return store
    }

    /// Records over ten days, on both sides of midnights, of three libraries, collections, actions and every kind of
    /// outcome (a seeded generator: the same records every run).
    static func records(count: Int = 600) -> [AuditRecord] {
        var generator = SplitMix(seed: 17)
        let libraries = ["harbin", "qiqihar", "mudanjiang"], collections = ["gov-info", "local-docs", "media"]
        let actions = ["read", "download", "stream"]
        let outcomes: [(String, String?, Int)] = [
            ("allow", "open", 200), ("allow", "members", 206), ("deny", "embargoed", 403), ("deny", nil, 403),
            ("deny", nil, 429), ("deny", nil, 410),
        ]
        return (0..<count).map { index in
            let offset = Double(generator.next() % (10 * 86_400_000)) / 1000
            let outcome = outcomes[Int(generator.next() % UInt64(outcomes.count))]
            return AuditRecord(
                time: start.addingTimeInterval(offset), subject: "patron:\(index % 7)",
                library: libraries[Int(generator.next() % 3)], assetID: "asset-\(generator.next() % 9)",
                collection: collections[Int(generator.next() % 3)], action: actions[Int(generator.next() % 3)],
                decision: outcome.0, ruleID: outcome.1, status: outcome.2,
                bytesSent: outcome.0 == "allow" ? Int64(generator.next() % 100_000) : 0, clientAddress: "10.0.0.1",
                userAgent: "test", requests: 1 + Int(generator.next() % 4))
        }
    }

    /// The rows a report must show, summed from the records in Swift.
    static func expected(_ records: [AuditRecord], by grouping: StatisticsGrouping, zone: TimeZone) -> [UsageRow] {
        let calendar = ReportCalendar(timeZone: zone)
        var rows: [String: UsageRow] = [:]
        for record in records {
            let key: String
            switch grouping {
            case .library: key = record.library
            case .collection: key = record.collection
            case .action: key = record.action
            case .day: key = calendar.dayKey(record.time)
            }
            var row = rows[key] ?? UsageRow(key: key, requests: 0, allowed: 0, denied: 0, bytes: 0)
            row.requests += record.requests
            if record.decision == "allow" { row.allowed += record.requests } else { row.denied += record.requests }
            row.bytes += record.bytesSent
            rows[key] = row
        }
        return rows.values.sorted { $0.key < $1.key }
    }

    @Test(arguments: CounterBackend.allCases)
    func wholeDayReportsAndTheOverviewEqualTheRecordsSums(backend: CounterBackend) async throws {
        let fixture = try await CounterFixture(backend)
        let store = try await Self.store(fixture, zone: Self.shanghai)
        let records = Self.records()
        for record in records { store.append(record) }
        try await store.flush()
        let end = Self.start.addingTimeInterval(10 * 86_400)
        for grouping in StatisticsGrouping.allCases {
            // Whole days: read from the daily counts.
            let rows = try await store.statistics(from: Self.start, to: end, by: grouping, timeZone: Self.shanghai)
            #expect(rows == Self.expected(records, by: grouping, zone: Self.shanghai), "by \(grouping)")
            // A range starting a millisecond later is not whole days: read from the records, same sums.
            let later = Self.start.addingTimeInterval(0.001)
            let raw = try await store.statistics(from: later, to: end, by: grouping, timeZone: Self.shanghai)
            let inRange = records.filter { $0.time >= later }
            #expect(raw == Self.expected(inRange, by: grouping, zone: Self.shanghai), "by \(grouping), not whole days")
            // One library's requests, both ways.
            let harbin = records.filter { $0.library == "qiqihar" }
            let own = try await store.statistics(from: Self.start, to: end, by: grouping, timeZone: Self.shanghai, library: "qiqihar")
            #expect(own == Self.expected(harbin, by: grouping, zone: Self.shanghai), "qiqihar by \(grouping)")
            let ownRaw = try await store.statistics(from: later, to: end, by: grouping, timeZone: Self.shanghai, library: "qiqihar")
            #expect(ownRaw == Self.expected(harbin.filter { $0.time >= later }, by: grouping, zone: Self.shanghai))
        }

        let summary = try await store.summary(fromDay: "2026-03-01", toDay: "2026-03-11", library: nil, topItems: 3, collections: true)
        #expect(summary.days.map(\.key) == Self.expected(records, by: .day, zone: Self.shanghai).map(\.key))
        for (breakdowns, grouping) in [(summary.days, StatisticsGrouping.day), (summary.libraries, .library), (summary.collections, .collection)] {
            let expected = Self.expected(records, by: grouping, zone: Self.shanghai)
            #expect(breakdowns.map { UsageRow(key: $0.key, requests: $0.requests, allowed: $0.allowedTotal, denied: $0.denied, bytes: $0.bytes) } == expected)
        }
        // Allowed requests by action on one day.
        let firstDay = records.filter { ReportCalendar(timeZone: Self.shanghai).dayKey($0.time) == "2026-03-01" && $0.decision == "allow" }
        for action in ["read", "download", "stream"] {
            #expect(summary.days[0].allowed[action, default: 0] == firstDay.filter { $0.action == action }.reduce(0) { $0 + $1.requests })
        }
        // Refusals by rule and status, most first.
        var refusals: [String: Int] = [:]
        for record in records where record.decision != "allow" {
            refusals["\(record.ruleID ?? "")|\(record.status)", default: 0] += record.requests
        }
        #expect(Dictionary(uniqueKeysWithValues: summary.refusals.map { ("\($0.rule)|\($0.status)", $0.requests) }) == refusals)
        #expect(summary.refusals.map(\.requests) == summary.refusals.map(\.requests).sorted(by: >))
        // The most requested items (allowed requests).
        var items: [String: Int] = [:]
        for record in records where record.decision == "allow" { items[record.assetID, default: 0] += record.requests }
        let top = items.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
        #expect(summary.topItems == top.map { UsageSummary.Item(asset: $0.key, requests: $0.value) })

        // One library's view counts only its rows.
        let harbin = try await store.summary(fromDay: "2026-03-01", toDay: "2026-03-11", library: "harbin", topItems: 50, collections: true)
        let harbinRecords = records.filter { $0.library == "harbin" }
        #expect(harbin.libraries.map(\.key) == ["harbin"])
        #expect(harbin.totals.requests == harbinRecords.reduce(0) { $0 + $1.requests })
        #expect(harbin.topItems.reduce(0) { $0 + $1.requests } == harbinRecords.filter { $0.decision == "allow" }.reduce(0) { $0 + $1.requests })
    }

    @Test(arguments: CounterBackend.allCases)
    func theMostRequestedItemsAreExactOverWholeMonthsAndTheDaysAroundThem(backend: CounterBackend) async throws {
        let fixture = try await CounterFixture(backend)
        let store = try await Self.store(fixture, zone: Self.shanghai)
        // 2026-01-20 00:00 in Shanghai, and records over the next 75 days.
        let start = Date(timeIntervalSince1970: 1_768_838_400)
        var generator = SplitMix(seed: 5)
        let records = (0..<900).map { index in
            AuditRecord(
                time: start.addingTimeInterval(Double(generator.next() % (75 * 86_400))), subject: "p", library: index % 3 == 0 ? "harbin" : "qiqihar",
                assetID: "asset-\(generator.next() % 40)", collection: "c", action: "read", decision: index % 10 == 0 ? "deny" : "allow",
                ruleID: nil, status: index % 10 == 0 ? 403 : 200, bytesSent: 1, clientAddress: "x", userAgent: "",
                requests: 1 + Int(generator.next() % 5))
        }
        for record in records { store.append(record) }
        try await store.flush()
        let calendar = ReportCalendar(timeZone: Self.shanghai)
        for (from, to) in [("2026-01-20", "2026-04-05"), ("2026-02-01", "2026-04-01"), ("2026-02-10", "2026-03-20"), ("2026-01-25", "2026-03-01")] {
            for library in [nil, "harbin"] as [String?] {
                let summary = try await store.summary(fromDay: from, toDay: to, library: library, topItems: 8, collections: false)
                var items: [String: Int] = [:]
                for record in records where record.decision == "allow" && (library == nil || record.library == library) {
                    let day = calendar.dayKey(record.time)
                    if day >= from && day < to { items[record.assetID, default: 0] += record.requests }
                }
                let top = items.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(8)
                #expect(summary.topItems == top.map { UsageSummary.Item(asset: $0.key, requests: $0.value) }, "\(from)…\(to) \(library ?? "network")")
                #expect(summary.collections.isEmpty)
            }
        }
    }

    @Test(arguments: CounterBackend.allCases)
    func reopeningInAnotherZoneSumsTheCountsAgainInItsDays(backend: CounterBackend) async throws {
        let fixture = try await CounterFixture(backend)
        let records = Self.records(count: 200)
        do {
            let store = try await Self.store(fixture, zone: Self.shanghai)
            for record in records { store.append(record) }
            try await store.flush()
        }
        let utc = TimeZone(identifier: "UTC")!
        let store = try await Self.store(fixture, zone: utc)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let from = calendar.startOfDay(for: Self.start), to = from.addingTimeInterval(12 * 86_400)
        #expect(utc.identifier != Self.shanghai.identifier)
        let rows = try await store.statistics(from: from, to: to, by: .day, timeZone: utc)
        #expect(rows == Self.expected(records, by: .day, zone: utc))
        // Written after the reopening: counted in UTC days too.
        let late = AuditRecord(
            time: Self.start.addingTimeInterval(-3600), subject: "p", library: "harbin", assetID: "a", collection: "c",
            action: "read", decision: "allow", ruleID: nil, status: 200, bytesSent: 5, clientAddress: "x", userAgent: "")
        store.append(late)
        try await store.flush()
        let again = try await store.statistics(from: from, to: to, by: .day, timeZone: utc)
        #expect(again == Self.expected(records + [late], by: .day, zone: utc))
    }

    @Test(arguments: CounterBackend.allCases)
    func retentionTakesTheSameRecordsOutOfTheCounts(backend: CounterBackend) async throws {
        let fixture = try await CounterFixture(backend)
        let store = try await Self.store(fixture, zone: Self.shanghai)
        let records = Self.records(count: 300)
        for record in records { store.append(record) }
        try await store.flush()
        // In the middle of the fourth day.
        let cutoff = Self.start.addingTimeInterval(3.5 * 86_400)
        let removed = try await store.purge(olderThan: cutoff)
        let kept = records.filter { $0.time >= cutoff }
        #expect(removed == records.count - kept.count)
        let end = Self.start.addingTimeInterval(10 * 86_400)
        for grouping in StatisticsGrouping.allCases {
            let rows = try await store.statistics(from: Self.start, to: end, by: grouping, timeZone: Self.shanghai)
            #expect(rows == Self.expected(kept, by: grouping, zone: Self.shanghai), "by \(grouping)")
        }
    }
}

@Suite struct CountedPeriodTests {
    @Test("a period splits into whole months and the days around them", arguments: [
        ("2025-12-09", "2026-12-09", "2026-01", "2026-11", [("2025-12-09", "2026-01-01"), ("2026-12-01", "2026-12-09")]),
        ("2026-02-01", "2026-04-01", "2026-02", "2026-03", []),
        ("2026-02-10", "2026-03-20", nil, nil, [("2026-02-10", "2026-03-20")]),
        ("2026-01-25", "2026-03-01", "2026-02", "2026-02", [("2026-01-25", "2026-02-01")]),
        ("2026-12-15", "2027-02-02", "2027-01", "2027-01", [("2026-12-15", "2027-01-01"), ("2027-02-01", "2027-02-02")]),
    ] as [(String, String, String?, String?, [(String, String)])])
    func split(from: String, to: String, first: String?, last: String?, edges: [(String, String)]) {
        let period = CountedPeriod(fromDay: from, toDay: to)
        #expect(period.months?.first == first && period.months?.last == last)
        #expect(period.edges.map(\.from) == edges.map(\.0) && period.edges.map(\.to) == edges.map(\.1))
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct DailyUsageCatchUpTests {
    @Test("records written straight into the table (an older gateway, a script) are counted when the log is next opened")
    func recordsWrittenOutsideTheLogAreCountedAtTheNextOpening() async throws {
        let database = try TemporaryAuditDatabase()
        let records = DailyUsageTests.records(count: 100)
        do {
            let log = try AuditLog(database: database.database)
            for record in records.prefix(40) { log.append(record) }
            try await log.flush()
        }
        // The other 60 as a script would add them: rows in audit_event only.
        try await database.database.write { db in try AuditBatchInsert.insert(Array(records.dropFirst(40)), into: db) }
        let log = try AuditLog(database: database.database)
        let end = DailyUsageTests.start.addingTimeInterval(10 * 86_400)
        let rows = try await log.statistics(from: DailyUsageTests.start, to: end, by: .library)
        #expect(rows == DailyUsageTests.expected(records, by: .library, zone: AuditLog.defaultTimeZone))
    }
}
