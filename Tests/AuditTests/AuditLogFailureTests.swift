import Foundation
import GRDB
import Testing

@testable import Audit

@Suite struct AuditLogFailureTests {
    @Test("a refused write keeps the records queued, flush reports it, and a later flush writes them")
    func refusedWriteIsRetried() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        // A real refusal from SQLite, as a full disk or a broken schema would give.
        try await store.database.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER test_refuse BEFORE INSERT ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'refused by test'); END
                    """)
        }
        for i in 0..<3 { log.append(record(at: instant("2026-01-01T00:00:00Z").addingTimeInterval(Double(i)))) }
        await #expect(throws: DatabaseError.self) { try await log.flush() }
        #expect(log.pendingRecords == 3)
        #expect(try store.storedCount() == 0)

        try await store.database.write { try $0.execute(sql: "DROP TRIGGER test_refuse") }
        try await log.flush()
        #expect(try store.storedCount() == 3)
        #expect(log.droppedRecords == 0)
    }

    @Test("report days follow daylight-saving changes")
    func daylightSavingDays() throws {
        let days = try AuditLog.days(
            from: instant("2026-03-08T05:00:00Z"), to: instant("2026-03-10T04:00:00Z"),
            timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(days.map(\.key) == ["2026-03-08", "2026-03-09"])
        // 2026-03-08 has 23 hours in New York: midnight EST to midnight EDT.
        #expect(days.first?.end == instant("2026-03-09T04:00:00Z"))
    }

    @Test("a report by day over more than a century is refused")
    func tooManyDays() {
        #expect(throws: AuditError.self) {
            try AuditLog.days(
                from: instant("1900-01-01T00:00:00Z"), to: instant("2026-01-01T00:00:00Z"),
                timeZone: AuditLog.defaultTimeZone)
        }
    }
}
