import Foundation
import PostgresNIO
public import PostgresStore

/// The ``APIKeyStore`` of a network of nodes: keys in the shared PostgreSQL database, so a key made through any
/// node works on every node and a revocation holds everywhere at its next request.
public struct PostgresAPIKeyStore: APIKeyStore {
    let database: SharedDatabase

    public init(database: SharedDatabase) { self.database = database }

    public func add(kind: APIKey.Kind, library: String?) async throws -> String {
        try await database.bounded("add") {
            let (id, token) = APIKeyToken.make()
            let hash = APIKeyToken.hash(token)
            try await database.client.query(
                "INSERT INTO api_key (id, kind, library, token_hash, created_at) VALUES (\(id), \(kind.rawValue), \(library), \(hash), \(Date()))")
            return token
        }
    }

    public func list() async throws -> [APIKey] {
        try await database.bounded("list") {
            var keys = [APIKey]()
            let rows = try await database.client.query(
                "SELECT id, kind, library, created_at, revoked_at FROM api_key ORDER BY created_at DESC, id")
            for try await (id, kind, library, created, revoked) in rows.decode((String, String, String?, Date, Date?).self) {
                keys.append(APIKey(id: id, kind: APIKey.Kind(rawValue: kind) ?? .library, library: library, createdAt: created, revokedAt: revoked))
            }
            return keys
        }
    }

    public func revoke(id: String) async throws -> Bool {
        try await database.bounded("revoke") {
            var revoked = false
            let rows = try await database.client.query(
                "UPDATE api_key SET revoked_at = \(Date()) WHERE id = \(id) AND revoked_at IS NULL RETURNING id")
            for try await _ in rows.decode(String.self) { revoked = true }
            return revoked
        }
    }

    public func authenticate(token: String) async throws -> APIKey? {
        try await database.bounded("authenticate") {
            guard let id = APIKeyToken.keyID(of: token) else { return nil }
            var found: (APIKey, String)?
            let rows = try await database.client.query(
                "SELECT id, kind, library, created_at, revoked_at, token_hash FROM api_key WHERE id = \(id)")
            for try await (id, kind, library, created, revoked, hash) in rows.decode((String, String, String?, Date, Date?, String).self) {
                found = (APIKey(id: id, kind: APIKey.Kind(rawValue: kind) ?? .library, library: library, createdAt: created, revokedAt: revoked), hash)
            }
            guard let found, APIKeyToken.matches(token, storedHash: found.1), found.0.revokedAt == nil else { return nil }
            return found.0
        }
    }
}
