import AssetStore

/// Where a response reads a blob's bytes: a file on this machine (the local store, sendfile-able), or slices of a
/// remote store's object through the node's ``SliceCache``.
enum BlobSource: Sendable {
    case file(String)
    case sliced(SlicedBlob)
}

/// A blob of a remote store, read slice by slice.
struct SlicedBlob: Sendable {
    let digest: ContentDigest
    let length: Int64
    let cache: SliceCache
}
