public import Foundation

/// The bearer keys of member libraries and administrators. A key is shown once when made; only its hash is kept
/// (``APIKeyToken``). The embedded implementation is ``SQLiteAPIKeyStore``; a shared database implements the same
/// requirements, so a key made through any node works on every node.
public protocol APIKeyStore: Sendable {
    /// Makes a key and returns its token (the only time it is ever shown).
    func add(kind: APIKey.Kind, library: String?) async throws -> String
    /// All keys, newest first (never their secrets).
    func list() async throws -> [APIKey]
    /// Revokes key `id` at once; false when there is no live key with that id.
    func revoke(id: String) async throws -> Bool
    /// The live key a bearer token belongs to, or nil for malformed, unknown, wrong or revoked tokens.
    func authenticate(token: String) async throws -> APIKey?
    /// Opens a console session for the live key `keyID`, ending at `expiresAt`; returns the session and its token
    /// (the browser's cookie). Expired sessions are removed on the way.
    func openSession(keyID: String, expiresAt: Date) async throws -> (session: ConsoleSession, token: String)
    /// The live session of `token`: nil for malformed, unknown, expired or ended sessions and for revoked keys.
    func session(token: String, now: Date) async throws -> ConsoleSession?
    /// Ends the session of `token` (sign-out); nothing when there is none.
    func endSession(token: String) async throws
}
