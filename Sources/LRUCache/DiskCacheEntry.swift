/// A file held by a `DiskCache`.
///
/// The file may be evicted (unlinked) by another thread at any time after `lookup` returned it: open it
/// promptly and treat "no such file" as a miss. Once opened, a file stays readable even if it is evicted.
public struct DiskCacheEntry: Sendable, Hashable {
    /// The key the entry was stored under.
    public let key: String
    /// Absolute path of the file holding the bytes.
    public let path: String
    /// Size in bytes.
    public let size: Int
    /// SHA-256 of the bytes, lowercase hex.
    public let checksum: String
}
