import AssetStore
import Foundation

/// The JSON answer of `GET /assets/{id}`.
struct AssetMetadata: Encodable {
    var id: String
    var title: String
    var collection: String
    var ownerLibrary: String
    var mediaKind: String
    var contentType: String
    var fileName: String
    var size: Int64
    var sha256: String
    var rights: String
    var embargoUntil: String?
    var createdAt: String
    var renditions: [String]

    enum CodingKeys: String, CodingKey {
        case id, title, collection, size, sha256, rights, renditions
        case ownerLibrary = "owner_library"
        case mediaKind = "media_kind"
        case contentType = "content_type"
        case fileName = "file_name"
        case embargoUntil = "embargo_until"
        case createdAt = "created_at"
    }

    init(_ asset: Asset, renditions: [String]) {
        let iso = ISO8601DateFormatter()
        id = asset.id
        title = asset.title
        collection = asset.collection
        ownerLibrary = asset.ownerLibrary
        mediaKind = asset.mediaKind.rawValue
        contentType = asset.contentType
        fileName = asset.originalFileName
        size = asset.size
        sha256 = asset.sha256.hex
        rights = asset.rights.rawValue
        embargoUntil = asset.embargoUntil.map { iso.string(from: $0) }
        createdAt = iso.string(from: asset.createdAt)
        self.renditions = renditions
    }
}
