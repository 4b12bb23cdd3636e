import Foundation
import Logging
import PostgresStore
import TestServers
import Testing

@testable import Audit

/// The backends the download counters run on: the same tests, the same expectations.
enum CounterBackend: String, CaseIterable, Sendable {
    case sqlite, postgresql
}

/// Counters on a fresh database of one backend: SQLite in a temporary directory, or a throwaway PostgreSQL server.
final class CounterFixture: @unchecked Sendable {
    // @unchecked: set in init, then only read.
    let sqlite: TemporaryAuditDatabase?
    let postgres: PostgreSQLDatabase?

    init(_ backend: CounterBackend) async throws {
        switch backend {
        case .sqlite: (sqlite, postgres) = (try TemporaryAuditDatabase(), nil)
        case .postgresql: (sqlite, postgres) = (nil, try await PostgreSQLServer.shared().freshDatabase())
        }
    }

    /// The audit log on the fixture's database, as the gateway holds it.
    func auditStore() async throws -> any AuditStore {
        if let sqlite { return try sqlite.auditStore() }
        return PostgresAuditStore(database: try await SharedDatabase(url: postgres!.url, logger: Logger(label: "test"), deadlines: .patient))
    }

    /// Rows in the audit table, read straight from the database.
    func storedCount() throws -> Int {
        if let sqlite { return try sqlite.storedCount() }
        return Int(try postgres!.psql("SELECT count(*) FROM audit_event")) ?? -1
    }

    /// A counter on the fixture's database; a second call is another process (a restart, or another node).
    func counter() async throws -> any DownloadCounter {
        if let sqlite { return try sqlite.downloadCounter() }
        let database = try await SharedDatabase(url: postgres!.url, logger: Logger(label: "test"), deadlines: .patient)
        return PostgresDownloadCounter(database: database, timeZone: AuditLog.defaultTimeZone)
    }
}

/// `downloads_per_day`: one download per (subject, item, address) window of an hour, counted per day in the report
/// time zone, exact under concurrency.
@Suite struct DownloadQuotaTests {
    /// 2026-11-28 10:00 in Shanghai (02:00 UTC).
    static let morning = Date(timeIntervalSince1970: 1_795_831_200)

    @Test(arguments: CounterBackend.allCases)
    func aWindowCountsOnceAndANewWindowCountsAgain(backend: CounterBackend) async throws {
        let database = try await CounterFixture(backend)
        let quota = try await database.counter()
        let now = Self.morning
        #expect(try await quota.admit(subject: "p", assetID: "a", client: "10.0.0.1", limit: 3, now: now) == .counted(used: 1))
        // Range requests of the same viewer within the hour: the same download.
        for minute in [1, 10, 59] {
            let outcome = try await quota.admit(subject: "p", assetID: "a", client: "10.0.0.1", limit: 3, now: now + Double(minute * 60))
            #expect(outcome == .continuing)
        }
        // Another address, another item, or the same after the hour: new downloads.
        #expect(try await quota.admit(subject: "p", assetID: "a", client: "10.0.0.2", limit: 3, now: now) == .counted(used: 2))
        #expect(try await quota.admit(subject: "p", assetID: "a", client: "10.0.0.1", limit: 3, now: now + 3600) == .counted(used: 3))
        guard case .exhausted(let retryAfter) = try await quota.admit(subject: "p", assetID: "b", client: "10.0.0.1", limit: 3, now: now + 3601) else {
            Issue.record("a fourth download should be refused")
            return
        }
        // Until midnight in Shanghai: 14 h minus the hour and a second already gone.
        #expect(retryAfter == 14 * 3600 - 3601)
        // Other subjects have their own allowance.
        #expect(try await quota.admit(subject: "q", assetID: "b", client: "10.0.0.1", limit: 3, now: now) == .counted(used: 1))
        #expect(try await quota.used(subject: "p", on: now) == 3)
    }

    @Test(arguments: CounterBackend.allCases)
    func daysEndAtMidnightInTheReportTimeZone(backend: CounterBackend) async throws {
        let database = try await CounterFixture(backend)
        let quota = try await database.counter()
        // 23:59:30 and 00:00:30 in Shanghai are different days; in UTC they would be the same one.
        let beforeMidnight = Self.morning + 14 * 3600 - 30
        #expect(try await quota.admit(subject: "p", assetID: "a", client: "c1", limit: 1, now: beforeMidnight) == .counted(used: 1))
        #expect(try await quota.admit(subject: "p", assetID: "b", client: "c1", limit: 1, now: beforeMidnight + 10) == .exhausted(retryAfter: 20))
        #expect(try await quota.admit(subject: "p", assetID: "b", client: "c1", limit: 1, now: beforeMidnight + 60) == .counted(used: 1))
    }

    @Test(arguments: CounterBackend.allCases)
    func concurrentRequestsFromManyAddressesAdmitExactlyTheLimit(backend: CounterBackend) async throws {
        let database = try await CounterFixture(backend)
        let quota = try await database.counter()
        let now = Self.morning
        let outcomes = try await withThrowingTaskGroup(of: DownloadQuota.Outcome.self) { group in
            for i in 0..<100 {
                group.addTask { try await quota.admit(subject: "lib", assetID: "a", client: "10.1.0.\(i)", limit: 5, now: now) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .counted = $0 { true } else { false } }.count == 5)
        #expect(outcomes.filter { if case .exhausted = $0 { true } else { false } }.count == 95)
        // A second process (a restart) sees the same count: it is in the database, not in memory.
        let reopened = try await database.counter()
        #expect(try await reopened.used(subject: "lib", on: now) == 5)
        #expect(try await reopened.admit(subject: "lib", assetID: "a", client: "10.9.9.9", limit: 5, now: now) == .exhausted(retryAfter: 14 * 3600))
    }

    @Test(arguments: CounterBackend.allCases)
    func purgeForgetsOldWindows(backend: CounterBackend) async throws {
        let database = try await CounterFixture(backend)
        let quota = try await database.counter()
        _ = try await quota.admit(subject: "p", assetID: "a", client: "c", limit: 9, now: Self.morning - 3 * 86_400)
        _ = try await quota.admit(subject: "p", assetID: "a", client: "c", limit: 9, now: Self.morning)
        #expect(try await quota.purge(olderThan: Self.morning - 86_400) == 1)
        #expect(try await quota.used(subject: "p", on: Self.morning) == 1)
    }
}
