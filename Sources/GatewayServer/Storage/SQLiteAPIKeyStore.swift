public import Foundation
public import GRDB

/// The ``APIKeyStore`` of a single node: keys in the catalog's SQLite database.
public struct SQLiteAPIKeyStore: APIKeyStore {
    let database: DatabasePool

    public init(database: DatabasePool) throws {
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
        // Console sessions (ConsoleSession): removed with their key's row never (keys are only revoked).
        migrator.registerMigration("v2-console-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE console_session (
                        id TEXT PRIMARY KEY, keyID TEXT NOT NULL, tokenHash TEXT NOT NULL, csrf TEXT NOT NULL,
                        expiresAt INTEGER NOT NULL, ended INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX console_session_by_expiry ON console_session (expiresAt);
                    """)
        }
        try migrator.migrate(database)
    }

    public func openSession(keyID: String, expiresAt: Date) async throws -> (session: ConsoleSession, token: String) {
        let (id, token, csrf) = ConsoleSessionToken.make()
        let expiry = Int64(expiresAt.timeIntervalSince1970)
        let key: APIKey? = try await database.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE expiresAt < ?", arguments: [Int64(Date().timeIntervalSince1970)])
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, kind, library, createdAt, revokedAt FROM api_key WHERE id = ? AND revokedAt IS NULL",
                    arguments: [keyID])
            else { return nil }
            try db.execute(
                sql: "INSERT INTO console_session (id, keyID, tokenHash, csrf, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, keyID, APIKeyToken.hash(token), csrf, expiry])
            return Self.key(row)
        }
        guard let key else { throw ConsoleSessionError.keyNotLive }
        return (ConsoleSession(id: id, key: key, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: Double(expiry))), token)
    }

    public func session(token: String, now: Date) async throws -> ConsoleSession? {
        guard let id = ConsoleSessionToken.sessionID(of: token) else { return nil }
        let found: (ConsoleSession, String)? = try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT k.id, k.kind, k.library, k.createdAt, k.revokedAt, s.tokenHash, s.csrf, s.expiresAt
                        FROM console_session s JOIN api_key k ON k.id = s.keyID
                        WHERE s.id = ? AND s.ended = 0 AND s.expiresAt > ? AND k.revokedAt IS NULL
                        """,
                    arguments: [id, Int64(now.timeIntervalSince1970)])
            else { return nil }
            let session = ConsoleSession(
                id: id, key: Self.key(row), csrfToken: row["csrf"],
                expiresAt: Date(timeIntervalSince1970: Double(row["expiresAt"] as Int64)))
            return (session, row["tokenHash"])
        }
        guard let found, APIKeyToken.matches(token, storedHash: found.1) else { return nil }
        return found.0
    }

    public func endSession(token: String) async throws {
        guard let id = ConsoleSessionToken.sessionID(of: token), try await session(token: token, now: Date()) != nil else { return }
        try await database.write { db in
            try db.execute(sql: "UPDATE console_session SET ended = 1 WHERE id = ?", arguments: [id])
        }
    }

    public func add(kind: APIKey.Kind, library: String?) async throws -> String {
        let (id, token) = APIKeyToken.make()
        let hash = APIKeyToken.hash(token)
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO api_key (id, kind, library, tokenHash, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, kind.rawValue, library, hash, Date()])
        }
        return token
    }

    public func list() async throws -> [APIKey] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, library, createdAt, revokedAt FROM api_key ORDER BY createdAt DESC")
                .map(Self.key)
        }
    }

    public func revoke(id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE api_key SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [Date(), id])
            return db.changesCount > 0
        }
    }

    public func authenticate(token: String) async throws -> APIKey? {
        guard let id = APIKeyToken.keyID(of: token) else { return nil }
        // The async read: SQLite runs on GRDB's reader queue, never on the event loop.
        let found: (key: APIKey, tokenHash: String)? = try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE id = ?", arguments: [id]) else { return nil }
            return (Self.key(row), row["tokenHash"])
        }
        guard let found, APIKeyToken.matches(token, storedHash: found.tokenHash), found.key.revokedAt == nil else { return nil }
        return found.key
    }

    private static func key(_ row: Row) -> APIKey {
        APIKey(
            id: row["id"], kind: APIKey.Kind(rawValue: row["kind"]) ?? .library, library: row["library"],
            createdAt: row["createdAt"], revokedAt: row["revokedAt"])
    }
}
