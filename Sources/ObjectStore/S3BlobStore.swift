public import AssetStore
import Crypto
import Foundation
import NIOCore

/// Blobs in an S3-compatible object store, keyed by content address: `PREFIX/blobs/<sha256 hex>`. An object is
/// written once, complete, under its digest, so it never changes under a reader on any node.
///
/// Ingest reads the file twice, both times streaming: first to hash it (the digest names the object, and a blob the
/// store holds already is not uploaded again), then to upload it — in one PUT up to ``partSize``, else as a multipart
/// upload of ``partSize`` parts — hashing again as it goes; if the second hash differs (the file changed during the
/// ingest) the upload is abandoned and nothing is stored. At most one part is in memory.
public struct S3BlobStore: RemoteBlobStore {
    public let client: S3Client
    /// Size of each part of a multipart upload (S3's minimum is 5 MiB).
    public let partSize: Int

    public init(client: S3Client, partSize: Int = 8 << 20) {
        precondition(partSize >= 5 << 20, "S3 parts are at least 5 MiB")
        self.client = client
        self.partSize = partSize
    }

    public func key(for digest: ContentDigest) -> String { client.location.key("blobs/" + digest.hex) }

    public func localPath(for digest: ContentDigest) -> String? { nil }

    public func contains(_ digest: ContentDigest) async throws -> Bool {
        do {
            return try await client.size(of: key(for: digest)) != nil
        } catch {
            throw AssetStoreError.storeFailed("\(error)")
        }
    }

    public func remove(_ digest: ContentDigest) async {
        try? await client.delete(key(for: digest))
    }

    public func read(_ digest: ContentDigest, first: Int64, last: Int64) async throws -> [UInt8] {
        precondition(first >= 0 && last >= first, "an empty range")
        let buffer = try await client.get(key(for: digest), range: first...last, limit: Int(last - first + 1))
        return Array(buffer.readableBytesView)
    }

    public func ingest(fileAt sourcePath: String, progress: (Int64) -> Void) async throws -> StoredBlob {
        let input = try SourceFile(path: sourcePath)
        defer { input.close() }
        // First pass: the digest, the size and the header for sniffing.
        var hasher = SHA256()
        var header = [UInt8]()
        var total: Int64 = 0
        while let chunk = try input.read(upTo: 1 << 20) {
            hasher.update(data: chunk)
            if header.count < MediaSniffer.headerLength { header.append(contentsOf: chunk.prefix(MediaSniffer.headerLength - header.count)) }
            total += Int64(chunk.count)
        }
        guard total > 0 else { throw AssetStoreError.invalidArgument("\(sourcePath): the file is empty (0 bytes); nothing was ingested") }
        let digest = ContentDigest(hasher.finalize())
        let key = key(for: digest)
        do {
            if let stored = try await client.size(of: key), stored == total {
                progress(total)
                return StoredBlob(digest: digest, size: total, header: header, wasAlreadyStored: true)
            }
            try input.rewind()
            try await upload(input, key: key, total: total, expected: digest, progress: progress)
        } catch let error as S3Error {
            throw AssetStoreError.storeFailed("\(sourcePath): not stored: \(error)")
        }
        return StoredBlob(digest: digest, size: total, header: header, wasAlreadyStored: false)
    }
}

extension S3BlobStore {
    /// Sends `input` (`total` bytes, read from its current position) to `key`: one PUT up to ``partSize``, else a
    /// multipart upload (aborted on any failure, so a half upload never becomes an object). Each request is signed
    /// with its body's SHA-256, which the store checks. Returns the digest of the bytes sent (a file that changed
    /// size, or whose bytes do not hash to `expected`, throws before the object exists: a content address never
    /// names other bytes, not even for a moment).
    @discardableResult
    func upload(_ input: SourceFile, key: String, total: Int64, expected: ContentDigest? = nil, progress: (Int64) -> Void) async throws
        -> ContentDigest
    {
        var hasher = SHA256()
        let changed = AssetStoreError.invalidArgument("\(input.path): the file changed while it was uploaded; nothing was stored")
        if total <= Int64(partSize) {
            guard let bytes = try input.read(upTo: partSize), Int64(bytes.count) == total else { throw changed }
            hasher.update(data: bytes)
            let digest = ContentDigest(hasher.finalize())
            if let expected, expected != digest { throw changed }
            try await client.put(key, body: ByteBuffer(bytes: bytes))
            progress(total)
            return digest
        }
        let uploadID = try await client.createMultipartUpload(key)
        do {
            var etags = [String]()
            var sent: Int64 = 0
            while let part = try input.read(upTo: partSize) {
                hasher.update(data: part)
                etags.append(try await client.uploadPart(key, uploadID: uploadID, number: etags.count + 1, body: ByteBuffer(bytes: part)))
                sent += Int64(part.count)
                progress(sent)
            }
            let digest = ContentDigest(hasher.finalize())
            guard sent == total, expected == nil || expected == digest else { throw changed }
            try await client.completeMultipartUpload(key, uploadID: uploadID, parts: etags)
            return digest
        } catch {
            try? await client.abortMultipartUpload(key, uploadID: uploadID)
            throw error
        }
    }

    /// Stores the file at `path` as the object `name` under this store's prefix (renditions and segments made once
    /// for the network: written once, complete, never changed). Returns its size.
    public func store(fileAt path: String, as name: String) async throws -> Int64 {
        let input = try SourceFile(path: path)
        defer { input.close() }
        let total = try input.size()
        _ = try await upload(input, key: client.location.key(name), total: total, progress: { _ in })
        return total
    }

    /// Copies the object `name` (under this store's prefix) into a new file at `path`, 8 MiB at a time; nil (and no
    /// file) when there is no such object.
    public func fetch(_ name: String, to path: String) async throws -> Int64? {
        let key = client.location.key(name)
        guard let size = try await client.size(of: key) else { return nil }
        guard FileManager.default.createFile(atPath: path, contents: nil), let output = FileHandle(forWritingAtPath: path) else {
            throw AssetStoreError.storeFailed("\(path): cannot create the file")
        }
        defer { try? output.close() }
        var offset: Int64 = 0
        let slice: Int64 = 8 << 20
        while offset < size {
            let last = min(size, offset + slice) - 1
            let buffer = try await client.get(key, range: offset...last, limit: Int(last - offset + 1))
            guard Int64(buffer.readableBytes) == last - offset + 1 else { throw AssetStoreError.storeFailed("\(key): a short read") }
            try output.write(contentsOf: Data(buffer.readableBytesView))
            offset = last + 1
        }
        return size
    }
}

/// A regular file opened for reading, with the asset store's errors.
struct SourceFile {
    let handle: FileHandle
    let path: String

    init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AssetStoreError.invalidArgument("\(path): no such file (check the path and try again)")
        }
        guard !isDirectory.boolValue else {
            throw AssetStoreError.invalidArgument("\(path): not a regular file (give the path of a file, not a directory or device)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AssetStoreError.invalidArgument("\(path): cannot be read; check its permissions")
        }
        self.handle = handle
    }

    /// Up to `count` bytes, nil at the end.
    func read(upTo count: Int) throws -> Data? {
        let data = try handle.read(upToCount: count)
        guard let data, !data.isEmpty else { return nil }
        return data
    }

    func rewind() throws { try handle.seek(toOffset: 0) }
    func close() { try? handle.close() }

    /// The file's size now.
    func size() throws -> Int64 {
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        return Int64(end)
    }
}
