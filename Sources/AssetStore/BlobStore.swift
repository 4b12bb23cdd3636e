/// Content-addressed storage of asset bytes, keyed by SHA-256.
///
/// The local directory implementation is ``LocalBlobStore``; an S3-compatible object store (`S3BlobStore`, module
/// ObjectStore) implements ``RemoteBlobStore`` for scale-out.
public protocol BlobStore: Sendable {
    /// Copies the file at `sourcePath` into the store while hashing it, never holding the whole file in memory.
    /// The blob becomes visible only once completely written and synced; identical content is stored once.
    /// - Parameter progress: called with the number of bytes copied so far.
    func ingest(fileAt sourcePath: String, progress: (Int64) -> Void) async throws -> StoredBlob

    /// Whether a blob with this digest exists.
    func contains(_ digest: ContentDigest) async throws -> Bool

    /// A path on the local file system for the blob, if this store keeps blobs locally (lets the server stream with
    /// ordinary file I/O). Stores that do not must return nil and serve through a reader of their own.
    func localPath(for digest: ContentDigest) -> String?

    /// Removes a blob (used when a catalog insert fails after the blob was newly stored).
    func remove(_ digest: ContentDigest) async
}

/// A blob store whose bytes are not on this machine (``BlobStore/localPath(for:)`` is nil): the server reads them in
/// slices, which it keeps in its own caches.
public protocol RemoteBlobStore: BlobStore {
    /// The bytes `first...last` of a blob.
    /// - Throws: an error whose description says what failed (the store unreachable, the blob missing).
    func read(_ digest: ContentDigest, first: Int64, last: Int64) async throws -> [UInt8]
}

/// The result of storing a blob.
public struct StoredBlob: Sendable, Hashable {
    public var digest: ContentDigest
    public var size: Int64
    /// The first bytes of the content, for media sniffing.
    public var header: [UInt8]
    /// Whether identical content was already in the store (the new copy was discarded).
    public var wasAlreadyStored: Bool

    public init(digest: ContentDigest, size: Int64, header: [UInt8], wasAlreadyStored: Bool) {
        self.digest = digest
        self.size = size
        self.header = header
        self.wasAlreadyStored = wasAlreadyStored
    }
}
