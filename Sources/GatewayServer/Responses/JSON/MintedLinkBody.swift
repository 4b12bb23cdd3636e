import Foundation

/// `POST /links`: the signed link and when it expires.
struct MintedLinkBody: Encodable, Sendable {
    var url: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case url
        case expiresAt = "expires_at"
    }
}
