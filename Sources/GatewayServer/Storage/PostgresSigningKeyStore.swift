public import Access
import Foundation
import PostgresNIO
public import PostgresStore

/// Signing keys in the shared database. The secrets are HMAC keys the gateway must be able to use, so they are
/// stored as they are: whoever can read the `signing_key` table can sign links (grant it to the gateway's role alone).
public struct PostgresSigningKeyStore: SigningKeyStore {
    let database: SharedDatabase

    public init(database: SharedDatabase) { self.database = database }

    public func keys() async throws -> [SigningKey] {
        try await database.bounded("keys") {
            var keys = [SigningKey]()
            let rows = try await database.client.query("SELECT id, library, secret FROM signing_key ORDER BY created_at, id")
            for try await (id, library, secret) in rows.decode((String, String, String).self) {
                keys.append(SigningKey(id: id, library: library, secret: secret))
            }
            return keys
        }
    }

    public func add(library: String) async throws -> SigningKey {
        try await database.bounded("add") {
            let key = SigningKeyFile.makeKey(library: library)
            try await database.client.query(
                "INSERT INTO signing_key (id, library, secret, created_at) VALUES (\(key.id), \(key.library), \(key.secret), \(Date()))")
            return key
        }
    }

    public var watchedFile: SigningKeyFile? { nil }
}
