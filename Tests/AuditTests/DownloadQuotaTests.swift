import Foundation
import Testing

@testable import Audit

/// `downloads_per_day`: one download per (subject, item, address) window of an hour, counted per day in the report
/// time zone, exact under concurrency.
@Suite struct DownloadQuotaTests {
    /// 2026-11-28 10:00 in Shanghai (02:00 UTC).
    static let morning = Date(timeIntervalSince1970: 1_795_831_200)

    @Test func aWindowCountsOnceAndANewWindowCountsAgain() async throws {
        let database = try TemporaryAuditDatabase()
        let quota = try database.downloadCounter()
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

    @Test func daysEndAtMidnightInTheReportTimeZone() async throws {
        let database = try TemporaryAuditDatabase()
        let quota = try database.downloadCounter()
        // 23:59:30 and 00:00:30 in Shanghai are different days; in UTC they would be the same one.
        let beforeMidnight = Self.morning + 14 * 3600 - 30
        #expect(try await quota.admit(subject: "p", assetID: "a", client: "c1", limit: 1, now: beforeMidnight) == .counted(used: 1))
        #expect(try await quota.admit(subject: "p", assetID: "b", client: "c1", limit: 1, now: beforeMidnight + 10) == .exhausted(retryAfter: 20))
        #expect(try await quota.admit(subject: "p", assetID: "b", client: "c1", limit: 1, now: beforeMidnight + 60) == .counted(used: 1))
    }

    @Test func concurrentRequestsFromManyAddressesAdmitExactlyTheLimit() async throws {
        let database = try TemporaryAuditDatabase()
        let quota = try database.downloadCounter()
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
        let reopened = try database.downloadCounter()
        #expect(try await reopened.used(subject: "lib", on: now) == 5)
        #expect(try await reopened.admit(subject: "lib", assetID: "a", client: "10.9.9.9", limit: 5, now: now) == .exhausted(retryAfter: 14 * 3600))
    }

    @Test func purgeForgetsOldWindows() async throws {
        let database = try TemporaryAuditDatabase()
        let quota = try database.downloadCounter()
        _ = try await quota.admit(subject: "p", assetID: "a", client: "c", limit: 9, now: Self.morning - 3 * 86_400)
        _ = try await quota.admit(subject: "p", assetID: "a", client: "c", limit: 9, now: Self.morning)
        #expect(try await quota.purge(olderThan: Self.morning - 86_400) == 1)
        #expect(try await quota.used(subject: "p", on: Self.morning) == 1)
    }
}
