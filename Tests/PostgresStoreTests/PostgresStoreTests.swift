import AssetStore
import Audit
import Foundation
import Logging
import PostgresStore
import TestServers
import Testing

/// The shared-state backend against a real PostgreSQL 15 started for the test.
@Suite struct PostgresStoreTests {
    let logger = Logger(label: "test")

    func asset(_ id: String, at seconds: Double, sha: Character = "a") -> Asset {
        Asset(
            id: id, title: "地方志 \(id)", collection: "local-docs", ownerLibrary: "harbin", rights: .inCopyright,
            embargoUntil: Date(timeIntervalSince1970: 1_900_000_000), mediaKind: .pdf, contentType: "application/pdf",
            originalFileName: "\(id).pdf", size: 12345, sha256: ContentDigest(hex: String(repeating: sha, count: 64))!,
            createdAt: Date(timeIntervalSince1970: seconds))
    }

    @Test func nodesStartingTogetherMigrateOnce() async throws {
        let server = try await PostgreSQLServer.shared().freshDatabase()
        let nodes = try await withThrowingTaskGroup(of: SharedDatabase.self) { group in
            for _ in 0..<3 { group.addTask { try await SharedDatabase(url: server.url, logger: logger, deadlines: .patient) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let applied = try await nodes[0].appliedMigrations()
        #expect(applied == ["v1-assets", "v2-download-windows", "v3-api-keys", "v4-deliveries", "v5-audit", "v6-signing-keys", "v7-delivery-order", "v8-nodes", "v9-import-progress", "v10-stream-leases", "v11-transcode-jobs", "v12-daily-usage", "v13-console-sessions", "v14-daily-counts-by-question"])
        #expect(try server.psql("SELECT count(*) FROM gateway_migration") == String(applied.count))
    }

    @Test func anItemIngestedOnOneNodeIsKnownOnAnother() async throws {
        let server = try await PostgreSQLServer.shared().freshDatabase()
        let one = PostgresCatalog(database: try await SharedDatabase(url: server.url, logger: logger, deadlines: .patient))
        let other = PostgresCatalog(database: try await SharedDatabase(url: server.url, logger: logger, deadlines: .patient))
        let first = asset("item-1", at: 1_795_000_000)
        let second = asset("item-2", at: 1_795_000_100, sha: "b")
        try await one.insert(first)
        try await one.insert(second)
        #expect(try await other.asset(id: "item-1") == first)
        #expect(try await other.asset(id: "missing") == nil)
        #expect(try await other.count() == 2)
        #expect(try await other.assets(limit: 10, offset: 0).map(\.id) == ["item-2", "item-1"])
        #expect(try await other.assets(limit: 1, offset: 1).map(\.id) == ["item-1"])
        // An id is taken once, network-wide.
        await #expect(throws: (any Error).self) { try await other.insert(first) }
    }

    @Test func threeHundredAttemptsOnTwoNodesAdmitExactlyTheLimit() async throws {
        let server = try await PostgreSQLServer.shared().freshDatabase()
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let nodes = [
            PostgresDownloadCounter(database: try await SharedDatabase(url: server.url, logger: logger, deadlines: .patient), timeZone: zone),
            PostgresDownloadCounter(database: try await SharedDatabase(url: server.url, logger: logger, deadlines: .patient), timeZone: zone),
        ]
        let now = Date(timeIntervalSince1970: 1_795_831_200)
        let outcomes = try await withThrowingTaskGroup(of: DownloadQuota.Outcome.self) { group in
            for attempt in 0..<300 {
                let node = nodes[attempt % 2]
                group.addTask {
                    try await node.admit(subject: "library:harbin", assetID: "a\(attempt % 7)", client: "10.2.\(attempt / 250).\(attempt % 250)", limit: 5, now: now)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .counted = $0 { true } else { false } }.count == 5)
        #expect(try await nodes[1].used(subject: "library:harbin", on: now) == 5)
        #expect(try server.psql("SELECT count(*) FROM download_window") == "5")
    }

    @Test func anUnreachableDatabaseIsAClearErrorNotAHang() async throws {
        let port = try FreePort.many(1)[0]
        do {
            // postgres-nio would wait for a connection for ever; the deadline ends the wait with a clear error.
            _ = try await SharedDatabase(
                url: "postgresql://gateway:secret@127.0.0.1:\(port)/gateway", logger: logger,
                deadlines: .init(connect: 3, operation: 3))
            Issue.record("connected to nothing")
        } catch let error as PostgresStoreError {
            #expect(error.description.contains("cannot prepare"))
            // The password is never printed.
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func malformedURLsAreRefusedWithTheShapeExpected() async throws {
        for url in ["postgresql://", "mysql://u@h/db", "postgresql://@127.0.0.1/db", "postgresql://u@127.0.0.1/db?sslmode=weird"] {
            do {
                _ = try await SharedDatabase(url: url, logger: logger)
                Issue.record("accepted \(url)")
            } catch let error as PostgresStoreError {
                #expect(error.description.hasPrefix("database:"))
            }
        }
    }
}
