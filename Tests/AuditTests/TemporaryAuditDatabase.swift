import AssetStore
import Foundation
import GRDB

@testable import Audit

/// A fresh catalog database in a temporary directory, as the gateway opens it.
struct TemporaryAuditDatabase {
    let directory: String
    let catalog: SQLiteCatalog

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        catalog = try SQLiteCatalog(path: directory + "/catalog.sqlite")
    }

    var database: DatabasePool { catalog.database }

    /// The audit log as the gateway holds it, through ``AuditStore``: the behaviour tests run against the protocol,
    /// so a second backend can run them too (the writer's own tests use ``AuditLog`` itself).
    func auditStore() throws -> any AuditStore { try AuditLog(database: database) }

    /// The download counters as the gateway holds them, through ``DownloadCounter``.
    func downloadCounter() throws -> any DownloadCounter { try DownloadQuota(database: database) }

    /// Rows in `audit_event`, read straight from SQLite.
    func storedCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? -1 }
    }

    /// Polls until `audit_event` holds `expected` rows (a liveness bound for the background writer, not a
    /// performance threshold). Returns the last count seen.
    func waitForStoredCount(_ expected: Int, attempts: Int = 600) async throws -> Int {
        var count = try storedCount()
        var attempt = 0
        while count != expected, attempt < attempts {
            try await Task.sleep(for: .milliseconds(50))
            count = try storedCount()
            attempt += 1
        }
        return count
    }
}

/// A record with sensible defaults for the fields a test does not care about.
func record(
    at time: Date, library: String = "harbin", collection: String = "local-docs", action: String = "stream",
    decision: String = "allow", bytes: Int64 = 100, subject: String = "anonymous"
) -> AuditRecord {
    AuditRecord(
        time: time, subject: subject, library: library, assetID: "asset-1", collection: collection, action: action,
        decision: decision, ruleID: decision == "allow" ? "open-access" : "default-deny",
        status: decision == "allow" ? 200 : 403, bytesSent: decision == "allow" ? bytes : 0,
        clientAddress: "10.12.3.4", userAgent: "curl/8.5.0")
}

/// `2026-01-01T17:00:00Z`-style instants.
func instant(_ text: String) -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else { fatalError("bad test instant \(text)") }
    return date
}

/// A strict RFC 4180 reader for checking the CSV the report writes: CRLF records, quoted fields with doubled quotes.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        if inQuotes {
            if c == "\"" {
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    field.unicodeScalars.append("\"")
                } else {
                    inQuotes = false
                }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            fields.append(field)
            field = ""
        } else if c == "\r", scalars.first == "\n" {
            scalars.removeFirst()
            fields.append(field)
            records.append(fields)
            fields = []
            field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !fields.isEmpty { records.append(fields + [field]) }
    return records
}
