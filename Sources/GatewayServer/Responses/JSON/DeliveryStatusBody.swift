import AssetStore
import Delivery
import Foundation

/// A delivery's status as the owning library and administrators see it (`openapi.yaml`). Times are RFC 3339 in
/// UTC; `last_access_at` and `revoked_at` are `null` until they happen.
struct DeliveryStatusBody: Encodable, Sendable {
    struct Patron: Encodable, Sendable {
        var id: String
        var name: String?
        var email: String?
    }

    var id: String
    var asset: String
    var library: String
    var patron: Patron
    var createdAt: Date
    var expiresAt: Date
    var maxDownloads: Int
    var downloadsUsed: Int
    var downloadsLeft: Int
    var state: String
    var lastAccessAt: Date?
    var revokedAt: Date?
    var note: String?
    var title: String?
    /// Set on the answer that created the delivery.
    var link: String?
    var ttlDays: Int?
    var capped: [String: Bool]?

    init(_ delivery: Delivery, asset: Asset?, now: Date) {
        id = delivery.id
        self.asset = delivery.assetID
        library = delivery.library
        patron = Patron(id: delivery.patronID, name: delivery.patronName, email: delivery.patronEmail)
        createdAt = delivery.createdAt
        expiresAt = delivery.expiresAt
        maxDownloads = delivery.maxDownloads
        downloadsUsed = delivery.downloadsUsed
        downloadsLeft = delivery.downloadsLeft
        state = delivery.state(at: now).rawValue
        lastAccessAt = delivery.lastAccessAt
        revokedAt = delivery.revokedAt
        note = delivery.note
        title = asset?.title
    }

    enum CodingKeys: String, CodingKey {
        case id, asset, library, patron, state, note, title, link, capped
        case createdAt = "created_at", expiresAt = "expires_at", maxDownloads = "max_downloads"
        case downloadsUsed = "downloads_used", downloadsLeft = "downloads_left", lastAccessAt = "last_access_at"
        case revokedAt = "revoked_at", ttlDays = "ttl_days"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(asset, forKey: .asset)
        try container.encode(library, forKey: .library)
        try container.encode(patron, forKey: .patron)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(maxDownloads, forKey: .maxDownloads)
        try container.encode(downloadsUsed, forKey: .downloadsUsed)
        try container.encode(downloadsLeft, forKey: .downloadsLeft)
        try container.encode(state, forKey: .state)
        // Always present, null until it happens (as the API has always answered).
        try container.encode(lastAccessAt, forKey: .lastAccessAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(link, forKey: .link)
        try container.encodeIfPresent(ttlDays, forKey: .ttlDays)
        try container.encodeIfPresent(capped, forKey: .capped)
    }
}

/// `GET /deliveries`: `{"deliveries": […]}`.
struct DeliveryListBody: Encodable, Sendable {
    var deliveries: [DeliveryStatusBody]
}
