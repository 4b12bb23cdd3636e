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
            var second = SHA256()
            if total <= Int64(partSize) {
                guard let bytes = try input.read(upTo: partSize), Int64(bytes.count) == total else {
                    throw AssetStoreError.invalidArgument("\(sourcePath): the file changed while it was ingested; nothing was stored")
                }
                second.update(data: bytes)
                guard ContentDigest(second.finalize()) == digest else {
                    throw AssetStoreError.invalidArgument("\(sourcePath): the file changed while it was ingested; nothing was stored")
                }
                try await client.put(key, body: ByteBuffer(bytes: bytes))
                progress(total)
            } else {
                let uploadID = try await client.createMultipartUpload(key)
                do {
                    var etags = [String]()
                    var sent: Int64 = 0
                    while let part = try input.read(upTo: partSize) {
                        second.update(data: part)
                        etags.append(try await client.uploadPart(key, uploadID: uploadID, number: etags.count + 1, body: ByteBuffer(bytes: part)))
                        sent += Int64(part.count)
                        progress(sent)
                    }
                    guard sent == total, ContentDigest(second.finalize()) == digest else {
                        throw AssetStoreError.invalidArgument("\(sourcePath): the file changed while it was ingested; nothing was stored")
                    }
                    try await client.completeMultipartUpload(key, uploadID: uploadID, parts: etags)
                } catch {
                    try? await client.abortMultipartUpload(key, uploadID: uploadID)
                    throw error
                }
            }
        } catch let error as S3Error {
            throw AssetStoreError.storeFailed("\(sourcePath): not stored: \(error)")
        }
        return StoredBlob(digest: digest, size: total, header: header, wasAlreadyStored: false)
    }
}

/// A regular file opened for reading, with the asset store's errors.
struct SourceFile {
    let handle: FileHandle

    init(path: String) throws {
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
}
