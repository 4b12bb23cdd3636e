import GatewaySupport
/// An HMAC-SHA256 key with which one member library's systems sign patron links. A library may hold several (rotation).
public struct SigningKey: Sendable, Hashable, Codable {
    /// The key id carried in links as `kid`.
    public var id: String
    /// The library the key belongs to: links signed with it must carry this library as `lib`.
    public var library: String
    /// The secret, base64url without padding (32 random bytes when made by `gateway keys add-signing`).
    public var secret: String
    /// Whether the key came from the development key file (refused unless the server listens on loopback).
    public var isDevelopmentKey: Bool

    public init(id: String, library: String, secret: String, isDevelopmentKey: Bool = false) {
        self.id = id
        self.library = library
        self.secret = secret
        self.isDevelopmentKey = isDevelopmentKey
    }

    /// The secret's bytes, or nil when the text is not base64url.
    public var secretBytes: [UInt8]? { Base64URL.decode(secret) }
}
