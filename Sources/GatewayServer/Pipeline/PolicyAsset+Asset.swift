public import Access
public import AssetStore
public import Foundation

extension PolicyAsset {
    /// The policy attributes of a catalog entry at `date` (embargo in force or not).
    public init(_ asset: Asset, at date: Date) {
        self.init(
            id: asset.id, collection: asset.collection, ownerLibrary: asset.ownerLibrary, rights: asset.rights.rawValue,
            mediaKind: asset.mediaKind.rawValue, embargoed: asset.isEmbargoed(at: date))
    }
}
