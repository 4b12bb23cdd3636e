public import Foundation

/// A signed-in console session: the key it was opened with, its CSRF token, when it ends.
///
/// Sessions live beside the keys (the catalog's database, or the shared one in a network, so a session works on
/// every node); the browser holds only the session token (`gws_<id>_<secret>`, kept as its SHA-256 like a key). A
/// session ends at its expiry, at sign-out, or when its key is revoked.
public struct ConsoleSession: Sendable, Hashable {
    public var id: String
    /// The key signed in with (its kind and library decide what the console shows).
    public var key: APIKey
    /// The token every form that changes something must carry.
    public var csrfToken: String
    public var expiresAt: Date

    public init(id: String, key: APIKey, csrfToken: String, expiresAt: Date) {
        self.id = id
        self.key = key
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// Session tokens and CSRF tokens: the same shape and hashing as keys (``APIKeyToken``), another prefix.
enum ConsoleSessionToken {
    static func make() -> (id: String, token: String, csrf: String) {
        let (id, key) = APIKeyToken.make()
        let (_, csrf) = APIKeyToken.make()
        return (id, "gws_" + key.dropFirst(4), String(csrf.split(separator: "_", maxSplits: 2)[2]))
    }

    /// The session id of a well-formed token, nil for anything else.
    static func sessionID(of token: String) -> String? {
        guard token.hasPrefix("gws_") else { return nil }
        return APIKeyToken.keyID(of: "gwk_" + token.dropFirst(4))
    }
}

/// Why a session could not be opened.
enum ConsoleSessionError: Error, Equatable {
    /// The key was revoked (or never existed) between its check and the session's opening.
    case keyNotLive
}
