import Foundation
import GatewayServer
import Logging
import PostgresStore
import TestServers
import Testing

/// Bearer keys behave the same on the single-node store and the shared one.
@Suite struct APIKeyStoreTests {
    enum Backend: String, CaseIterable, Sendable { case sqlite, postgresql }

    /// Two handles on one fresh store (two nodes, or a restart), and what keeps the store alive.
    func stores(_ backend: Backend) async throws -> (any APIKeyStore, any APIKeyStore, AnyObject) {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = GatewayConfiguration()
            configuration.dataDir = directory
            let one = try await StorageBackends.open(configuration: configuration)
            let two = try await StorageBackends.open(configuration: configuration)
            return (one.apiKeys, two.apiKeys, directory as NSString)
        case .postgresql:
            let server = try await PostgreSQLServer.shared().freshDatabase()
            let one = PostgresAPIKeyStore(database: try await SharedDatabase(url: server.url, logger: Logger(label: "test"), deadlines: .patient))
            let two = PostgresAPIKeyStore(database: try await SharedDatabase(url: server.url, logger: Logger(label: "test"), deadlines: .patient))
            return (one, two, server.name as NSString)
        }
    }

    @Test(arguments: Backend.allCases)
    func aKeyMadeOnOneNodeWorksOnAnotherUntilRevoked(backend: Backend) async throws {
        let (one, two, keepAlive) = try await stores(backend)
        defer { withExtendedLifetime(keepAlive) {} }
        let token = try await one.add(kind: .library, library: "harbin")
        let admin = try await one.add(kind: .admin, library: nil)
        let key = try #require(try await two.authenticate(token: token))
        #expect(key.library == "harbin")
        #expect(key.kind == .library)
        #expect(try await two.authenticate(token: admin)?.kind == .admin)
        // A wrong secret with the right id, a malformed token, an unknown id.
        #expect(try await two.authenticate(token: String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")) == nil)
        #expect(try await two.authenticate(token: "gwk_nope") == nil)
        #expect(try await two.authenticate(token: "gwk_unknown_secret") == nil)
        #expect(try await two.list().map(\.id).sorted() == [key.id, try #require(try await two.authenticate(token: admin)).id].sorted())
        #expect(try await two.revoke(id: key.id))
        #expect(try await two.revoke(id: key.id) == false)
        #expect(try await one.authenticate(token: token) == nil)
        #expect(try await one.list().first { $0.id == key.id }?.revokedAt != nil)
    }

    @Test(arguments: Backend.allCases)
    func aConsoleSessionWorksOnEveryNodeUntilItEndsExpiresOrItsKeyIsRevoked(backend: Backend) async throws {
        let (one, two, keepAlive) = try await stores(backend)
        defer { withExtendedLifetime(keepAlive) {} }
        let token = try await one.add(kind: .library, library: "harbin")
        let key = try #require(try await one.authenticate(token: token))
        let now = Date()
        let opened = try await one.openSession(keyID: key.id, expiresAt: now.addingTimeInterval(3600))
        #expect(opened.token.hasPrefix("gws_") && !opened.session.csrfToken.isEmpty)
        // Seen on the other node, with its key and CSRF token.
        let seen = try #require(try await two.session(token: opened.token, now: now))
        #expect(seen.key.id == key.id && seen.key.library == "harbin" && seen.csrfToken == opened.session.csrfToken)
        // A changed secret, a malformed token, an API key as a session: nothing.
        #expect(try await two.session(token: String(opened.token.dropLast()) + (opened.token.hasSuffix("A") ? "B" : "A"), now: now) == nil)
        #expect(try await two.session(token: "gws_nope", now: now) == nil)
        #expect(try await two.session(token: token, now: now) == nil)
        // Expired at its time.
        #expect(try await two.session(token: opened.token, now: now.addingTimeInterval(3601)) == nil)
        // Ended by sign-out on either node.
        let second = try await two.openSession(keyID: key.id, expiresAt: now.addingTimeInterval(3600))
        try await one.endSession(token: second.token)
        #expect(try await two.session(token: second.token, now: now) == nil)
        #expect(try await two.session(token: opened.token, now: now) != nil)
        // Revoking the key ends its sessions; a revoked key opens none.
        #expect(try await two.revoke(id: key.id))
        #expect(try await one.session(token: opened.token, now: now) == nil)
        await #expect(throws: (any Error).self) { try await one.openSession(keyID: key.id, expiresAt: now.addingTimeInterval(60)) }
    }
}
