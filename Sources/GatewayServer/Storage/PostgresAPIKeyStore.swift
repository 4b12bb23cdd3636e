public import Foundation
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

    public func openSession(keyID: String, expiresAt: Date) async throws -> (session: ConsoleSession, token: String) {
        try await database.bounded("open a session") {
            let (id, token, csrf) = ConsoleSessionToken.make()
            let expiry = Int64(expiresAt.timeIntervalSince1970), now = Int64(Date().timeIntervalSince1970)
            try await database.client.query("DELETE FROM console_session WHERE expires_at < \(now)")
            var key: APIKey?
            let rows = try await database.client.query(
                """
                WITH live AS (SELECT id, kind, library, created_at, revoked_at FROM api_key WHERE id = \(keyID) AND revoked_at IS NULL), \
                added AS (INSERT INTO console_session (id, key_id, token_hash, csrf, expires_at) \
                SELECT \(id), id, \(APIKeyToken.hash(token)), \(csrf), \(expiry) FROM live) \
                SELECT id, kind, library, created_at, revoked_at FROM live
                """)
            for try await (id, kind, library, created, revoked) in rows.decode((String, String, String?, Date, Date?).self) {
                key = APIKey(id: id, kind: APIKey.Kind(rawValue: kind) ?? .library, library: library, createdAt: created, revokedAt: revoked)
            }
            guard let key else { throw ConsoleSessionError.keyNotLive }
            return (ConsoleSession(id: id, key: key, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: Double(expiry))), token)
        }
    }

    public func session(token: String, now: Date) async throws -> ConsoleSession? {
        guard let id = ConsoleSessionToken.sessionID(of: token) else { return nil }
        return try await database.bounded("find a session") {
            var found: (ConsoleSession, String)?
            let rows = try await database.client.query(
                """
                SELECT k.id, k.kind, k.library, k.created_at, k.revoked_at, s.token_hash, s.csrf, s.expires_at \
                FROM console_session s JOIN api_key k ON k.id = s.key_id \
                WHERE s.id = \(id) AND NOT s.ended AND s.expires_at > \(Int64(now.timeIntervalSince1970)) AND k.revoked_at IS NULL
                """)
            for try await (keyID, kind, library, created, revoked, hash, csrf, expires) in rows.decode(
                (String, String, String?, Date, Date?, String, String, Int64).self)
            {
                let key = APIKey(id: keyID, kind: APIKey.Kind(rawValue: kind) ?? .library, library: library, createdAt: created, revokedAt: revoked)
                found = (ConsoleSession(id: id, key: key, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: Double(expires))), hash)
            }
            guard let found, APIKeyToken.matches(token, storedHash: found.1) else { return nil }
            return found.0
        }
    }

    public func endSession(token: String) async throws {
        guard let id = ConsoleSessionToken.sessionID(of: token), try await session(token: token, now: Date()) != nil else { return }
        try await database.bounded("end a session") {
            try await database.client.query("UPDATE console_session SET ended = true WHERE id = \(id)")
        }
    }
}
