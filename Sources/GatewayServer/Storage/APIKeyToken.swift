import GatewaySupport
import Access
import AssetStore
import Crypto
import Foundation

/// The shape of a bearer token, `gwk_<id>_<secret>`, and how it is kept: only the SHA-256 of the whole token is
/// stored, and compared in constant time. Shared by every ``APIKeyStore``.
enum APIKeyToken {
    /// A new key id and its token.
    static func make() -> (id: String, token: String) {
        var generator = SystemRandomNumberGenerator()
        let id = Base64URL.encode((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
        let secret = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return (id, "gwk_\(id)_\(secret)")
    }

    /// The key id of a well-formed token, nil for anything else (never looked up).
    static func keyID(of token: String) -> String? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard token.utf8.count <= 128, parts.count == 3, parts[0] == "gwk", !parts[1].isEmpty, !parts[2].isEmpty else {
            return nil
        }
        return String(parts[1])
    }

    static func hash(_ token: String) -> String {
        ContentDigest(SHA256.hash(data: Array(token.utf8))).hex
    }

    /// Whether `token` hashes to `storedHash`, in time independent of where they differ.
    static func matches(_ token: String, storedHash: String) -> Bool {
        let a = Array(storedHash.utf8), b = Array(hash(token).utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
