import Foundation
import GRDB
import Testing

@testable import Audit

/// Usage at COUNTER's grain: one record per session (subject + clock hour) and item, carrying its requests and
/// bytes; refusals one by one up to a bound per client; memory bounded; reports unchanged in meaning.
@Suite struct UsageSessionsTests {
    static let start = instant("2026-03-01T02:00:00Z")

    func rangeRequest(at offset: TimeInterval, subject: String = "reader-7", asset: String = "asset-1", bytes: Int64 = 65_536) -> AuditRecord {
        AuditRecord(
            time: Self.start.addingTimeInterval(offset), subject: subject, library: "harbin", assetID: asset,
            collection: "local-docs", action: "read", decision: "allow", ruleID: "open", status: 206, bytesSent: bytes,
            clientAddress: "10.12.3.4", userAgent: "pdf.js")
    }

    func rows(_ store: TemporaryAuditDatabase) throws -> [Row] {
        try store.database.read { try Row.fetchAll($0, sql: "SELECT * FROM audit_event ORDER BY id") }
    }

    @Test func aReadingOfAThousandRangeRequestsIsOneRecord() async throws {
        let store = try TemporaryAuditDatabase()
        let usage = UsageSessions(log: try store.auditStore())
        for i in 0..<1_000 { usage.record(rangeRequest(at: Double(i) * 0.5), now: Self.start.addingTimeInterval(Double(i) * 0.5)) }
        try await usage.flush()
        let stored = try rows(store)
        #expect(stored.count == 1)
        #expect(stored.first?["requests"] as Int? == 1_000)
        #expect(stored.first?["bytesSent"] as Int64? == 65_536_000)
        // The record keeps the first request's time and status.
        #expect(stored.first?["time"] as Int64? == Int64(Self.start.timeIntervalSince1970 * 1000))
        let report = try await usage.statistics(from: Self.start, to: Self.start.addingTimeInterval(3600), by: .library)
        #expect(report == [UsageRow(key: "harbin", requests: 1_000, allowed: 1_000, denied: 0, bytes: 65_536_000)])
    }

    @Test func itemsSubjectsAndHoursAreSeparateSessions() async throws {
        let store = try TemporaryAuditDatabase()
        let usage = UsageSessions(log: try store.auditStore())
        usage.record(rangeRequest(at: 0))
        usage.record(rangeRequest(at: 1, asset: "asset-2"))
        usage.record(rangeRequest(at: 2, subject: "reader-8"))
        usage.record(rangeRequest(at: 3_600))  // the next clock hour
        var otherDevice = rangeRequest(at: 5)
        otherDevice.clientAddress = "10.12.9.9"
        usage.record(otherDevice)  // the same reader from another address: the log keeps where requests came from
        usage.record(rangeRequest(at: 10))
        try await usage.flush()
        let stored = try rows(store)
        #expect(stored.count == 5)
        #expect(stored.map { $0["requests"] as Int }.reduce(0, +) == 6)
    }

    @Test func refusalsAreWrittenOneByOneUpToABoundPerClient() async throws {
        let store = try TemporaryAuditDatabase()
        var settings = UsageSessions.Settings()
        settings.refusalsPerClientHour = 100
        let usage = UsageSessions(log: try store.auditStore(), settings: settings)
        for i in 0..<10_000 {
            var refused = rangeRequest(at: Double(i) / 10)
            refused.decision = "deny"
            refused.ruleID = "default-deny"
            refused.status = 403
            refused.bytesSent = 0
            usage.record(refused)
        }
        try await usage.flush()
        let stored = try rows(store)
        #expect(stored.count == 101)
        #expect(stored.map { $0["requests"] as Int }.reduce(0, +) == 10_000)
        let report = try await usage.statistics(from: Self.start, to: Self.start.addingTimeInterval(3600), by: .action)
        #expect(report.first?.denied == 10_000)
    }

    @Test func memoryStaysBoundedWhateverTheTraffic() async throws {
        let store = try TemporaryAuditDatabase()
        var settings = UsageSessions.Settings()
        settings.capacity = 50
        let usage = UsageSessions(log: try store.auditStore(), settings: settings)
        for i in 0..<1_000 {
            usage.record(rangeRequest(at: 0, subject: "reader-\(i)"))
            #expect(usage.openItems <= 50)
        }
        try await usage.flush()
        #expect(try rows(store).map { $0["requests"] as Int }.reduce(0, +) == 1_000)
        #expect(usage.openItems == 0)
    }

    @Test func idleAndOldSessionsAndEndedHoursAreWrittenWithoutAFlush() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        var settings = UsageSessions.Settings()
        settings.idle = 30
        settings.maximumAge = 300
        settings.sweepInterval = .seconds(3600)  // swept by hand here
        let usage = UsageSessions(log: log, settings: settings)
        let now = Date()
        var current = rangeRequest(at: 0)
        current.time = now
        usage.record(current, now: now)
        usage.sweep(now: now.addingTimeInterval(10))
        #expect(usage.openItems == 1)
        usage.sweep(now: now.addingTimeInterval(31))  // idle
        #expect(usage.openItems == 0)
        // Busy for longer than the maximum age: written anyway, so a crash loses at most that much.
        for second in 0..<301 { usage.record(current, now: now.addingTimeInterval(Double(second))) }
        usage.sweep(now: now.addingTimeInterval(300))
        #expect(usage.openItems == 0)
        // A request from a past hour is written at the next sweep.
        usage.record(rangeRequest(at: 0), now: now)
        usage.sweep(now: now)
        #expect(usage.openItems == 0)
        try await log.flush()
        #expect(try rows(store).map { $0["requests"] as Int }.reduce(0, +) == 303)
    }

    @Test func recordsAppendedOneByOneCountOneRequestEach() async throws {
        // As records written before sessions existed (the migration's default): one request each.
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        log.append(rangeRequest(at: 0))
        log.append(rangeRequest(at: 1))
        try await log.flush()
        let report = try await log.statistics(from: Self.start, to: Self.start.addingTimeInterval(60), by: .library)
        #expect(report.first?.requests == 2)
    }
}
