import Foundation
import GRDB
import Testing

@testable import Audit

/// The audit log's inserts bind values through SQLite's C interface: every field must arrive exactly as given.
@Suite struct AuditBatchInsertTests {
    @Test func everyFieldIsStoredExactly() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try AuditLog(database: store.database)
        let records = [
            AuditRecord(
                time: Date(timeIntervalSince1970: 1_795_831_200.123), subject: "patron:哈尔滨:读者-7", library: "harbin",
                assetID: "a7k2m9q4x1c8v3b6n5z0", collection: "local-docs", action: "download", decision: "allow",
                ruleID: "members-下载", status: 206, bytesSent: 5_000_000_000, clientAddress: "2001:db8::7",
                userAgent: "Mozilla/5.0 (X11; Linux)"),
            // Empty text must stay '' (the columns are NOT NULL), and a missing rule id NULL.
            AuditRecord(
                time: Date(timeIntervalSince1970: 0), subject: "", library: "", assetID: "x", collection: "c",
                action: "read", decision: "deny", ruleID: nil, status: 403, bytesSent: 0, clientAddress: "",
                userAgent: ""),
            // A field longer than its bound (2,700 bytes of User-Agent) arrives cut to the bound at a character
            // boundary, and no field lands in another's place.
            AuditRecord(
                time: Date(timeIntervalSince1970: 1), subject: "anonymous", library: "-", assetID: "y", collection: "gov-info",
                action: "stream", decision: "allow", ruleID: "open", status: 200, bytesSent: 1, clientAddress: "10.0.0.1",
                userAgent: String(repeating: "长", count: 900)),
        ]
        for record in records { log.append(record) }
        try await log.flush()
        let rows = try await store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id").map { row -> [String?] in
                [
                    String(row["time"] as Int64), row["subject"], row["library"], row["assetID"], row["collection"],
                    row["action"], row["decision"], row["ruleID"], String(row["status"] as Int),
                    String(row["bytesSent"] as Int64), row["clientAddress"], row["userAgent"],
                ]
            }
        }
        #expect(rows == [
            [
                "1795831200123", "patron:哈尔滨:读者-7", "harbin", "a7k2m9q4x1c8v3b6n5z0", "local-docs", "download", "allow",
                "members-下载", "206", "5000000000", "2001:db8::7", "Mozilla/5.0 (X11; Linux)",
            ],
            ["0", "", "", "x", "c", "read", "deny", nil, "403", "0", "", ""],
            [
                "1000", "anonymous", "-", "y", "gov-info", "stream", "allow", "open", "200", "1", "10.0.0.1",
                String(repeating: "长", count: (AuditRecord.Limit.userAgent - 3) / 3) + "…",
            ],
        ])
    }
}

/// Records are kept for years and fields come from requests: every stored field is bounded.
@Suite struct AuditFieldBoundTests {
    @Test func oversizedFieldsAreCutAtACharacterBoundary() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try AuditLog(database: store.database)
        let huge = String(repeating: "Mozilla/5.0 黑龙江 ", count: 5_000)  // about 100 KiB
        log.append(
            AuditRecord(
                time: Date(), subject: "patron:" + huge, library: huge, assetID: huge, collection: huge, action: huge,
                decision: "allow", ruleID: huge, status: 200, bytesSent: 1, clientAddress: huge, userAgent: huge))
        try await log.flush()
        let lengths = try await store.database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT length(CAST(subject AS BLOB)), length(CAST(library AS BLOB)), length(CAST(assetID AS BLOB)),
                           length(CAST(collection AS BLOB)), length(CAST(action AS BLOB)), length(CAST(ruleID AS BLOB)),
                           length(CAST(clientAddress AS BLOB)), length(CAST(userAgent AS BLOB)), userAgent
                    FROM audit_event
                    """)
        }
        let row = try #require(lengths)
        #expect((0..<8).map { row[$0] as Int }.max()! <= AuditRecord.Limit.userAgent)
        #expect((row[0] as Int) <= AuditRecord.Limit.subject)
        #expect((row[7] as Int) <= AuditRecord.Limit.userAgent)
        let userAgent: String = row[8]
        #expect(userAgent.hasPrefix("Mozilla/5.0 黑龙江 "))
        #expect(userAgent.hasSuffix("…"))
        #expect(String(decoding: Array(userAgent.utf8), as: UTF8.self) == userAgent)
    }
}
