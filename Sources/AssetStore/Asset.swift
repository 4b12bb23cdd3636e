public import Foundation

/// One item of the shared local-documents store: a full text, image, audio or video file and its catalog metadata.
public struct Asset: Sendable, Hashable, Codable {
    /// Stable public identifier, see ``AssetID``.
    public var id: String
    public var title: String
    /// Collection the asset belongs to (`gov-info`, `local-docs`, `local-people`, `regional-culture`, …).
    public var collection: String
    /// The member library that contributed and owns the asset.
    public var ownerLibrary: String
    public var rights: Rights
    /// Until this instant the asset is embargoed (policies decide who may still see it).
    public var embargoUntil: Date?
    public var mediaKind: MediaKind
    public var contentType: String
    /// The file name the asset was ingested under (UTF-8, may be Chinese).
    public var originalFileName: String
    public var size: Int64
    public var sha256: ContentDigest
    public var createdAt: Date

    public init(
        id: String,
        title: String,
        collection: String,
        ownerLibrary: String,
        rights: Rights,
        embargoUntil: Date? = nil,
        mediaKind: MediaKind,
        contentType: String,
        originalFileName: String,
        size: Int64,
        sha256: ContentDigest,
        createdAt: Date
    ) {
        self.id = id
        self.title = title
        self.collection = collection
        self.ownerLibrary = ownerLibrary
        self.rights = rights
        self.embargoUntil = embargoUntil
        self.mediaKind = mediaKind
        self.contentType = contentType
        self.originalFileName = originalFileName
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
    }

    /// Whether an embargo is in force at `date`.
    public func isEmbargoed(at date: Date) -> Bool {
        guard let embargoUntil else { return false }
        return date < embargoUntil
    }
}
