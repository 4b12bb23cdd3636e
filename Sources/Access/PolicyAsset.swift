/// The catalogue attributes of an asset that policy rules can test.
///
/// `Access` does not depend on the catalogue; the server fills this in from `AssetStore.Asset` (rights and media
/// kind as their raw values, `embargoed` as "the embargo date lies in the future").
public struct PolicyAsset: Sendable, Hashable {
    public var id: String
    /// Collection such as `gov-info`, `local-docs`, `local-people`, `regional-culture`.
    public var collection: String
    /// The library that contributed and owns the asset.
    public var ownerLibrary: String
    /// `open`, `in-copyright` or `restricted`.
    public var rights: String
    /// `pdf`, `epub`, `text`, `image`, `audio`, `video` or `other`.
    public var mediaKind: String
    /// Whether the asset is under embargo now.
    public var embargoed: Bool

    public init(
        id: String, collection: String, ownerLibrary: String, rights: String, mediaKind: String,
        embargoed: Bool = false
    ) {
        self.id = id
        self.collection = collection
        self.ownerLibrary = ownerLibrary
        self.rights = rights
        self.mediaKind = mediaKind
        self.embargoed = embargoed
    }
}
