import Access
import AssetStore
import Crypto
public import Foundation
import GRDB

/// Bearer keys of member libraries and administrators. A key is shown once when made (`gwk_<id>_<secret>`); only
/// the SHA-256 of the whole token is stored, in the catalog database, and compared in constant time.
public struct APIKeyStore: Sendable {
    let database: DatabasePool

    /// What a key stands for.
    public struct Key: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case library, admin }
        public var id: String
        public var kind: Kind
        public var library: String?
        public var createdAt: Date
        public var revokedAt: Date?
    }

    init(database: DatabasePool) throws {
        self.database = database
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-api-keys") { db in
            try db.create(table: "api_key") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("library", .text)
                t.column("tokenHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
        try migrator.migrate(database)
    }

    /// Makes a key and returns the token (the only time it is ever shown).
    public func add(kind: Key.Kind, library: String?) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let id = Base64URL.encode((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
        let secret = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let token = "gwk_\(id)_\(secret)"
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO api_key (id, kind, library, tokenHash, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, kind.rawValue, library, Self.hash(token), Date()])
        }
        return token
    }

    /// All keys, newest first (never their secrets).
    public func list() throws -> [Key] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, library, createdAt, revokedAt FROM api_key ORDER BY createdAt DESC")
                .map { row in
                    Key(id: row["id"], kind: Key.Kind(rawValue: row["kind"]) ?? .library, library: row["library"],
                        createdAt: row["createdAt"], revokedAt: row["revokedAt"])
                }
        }
    }

    /// Revokes key `id` at once; false when there is no such key.
    public func revoke(id: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "UPDATE api_key SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [Date(), id])
            return db.changesCount > 0
        }
    }

    /// The live key a bearer token belongs to, or nil for malformed, unknown, wrong or revoked tokens.
    public func authenticate(token: String) async throws -> Key? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard token.utf8.count <= 128, parts.count == 3, parts[0] == "gwk", !parts[1].isEmpty, !parts[2].isEmpty else {
            return nil
        }
        let id = String(parts[1])
        // The async read (its result must be Sendable, so the row becomes a Key here): SQLite runs on GRDB's reader
        // queue, never on the event loop.
        let found: (key: Key, tokenHash: String)? = try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE id = ?", arguments: [id]) else { return nil }
            let key = Key(id: id, kind: Key.Kind(rawValue: row["kind"]) ?? .library, library: row["library"],
                createdAt: row["createdAt"], revokedAt: row["revokedAt"])
            return (key, row["tokenHash"])
        }
        guard let found else { return nil }
        guard Self.constantTimeEqual(Array(found.tokenHash.utf8), Array(Self.hash(token).utf8)) else { return nil }
        guard found.key.revokedAt == nil else { return nil }
        return found.key
    }

    static func hash(_ token: String) -> String {
        ContentDigest(SHA256.hash(data: Array(token.utf8))).hex
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
