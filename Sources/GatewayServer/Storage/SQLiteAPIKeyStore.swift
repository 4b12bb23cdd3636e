import Foundation
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
        try migrator.migrate(database)
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
