import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blobs in a local directory, fanned out by digest: `ROOT/ab/cd/abcd…` (two levels of 256 directories).
///
/// Writes go to `ROOT/tmp/` first, are fsynced, then renamed into place, so a crash or a failed copy never leaves a
/// partial blob under a digest name. Temporary files left by a crash are removed when the store opens.
public struct LocalBlobStore: BlobStore {
    public let root: String
    /// Size of the copy buffer: large enough for throughput, small enough to keep memory bounded.
    static let chunkSize = 1 << 20

    /// Opens (creating) the store at `root`.
    public init(root: String) throws {
        self.root = root
        try Self.makeDirectory(root)
        try Self.makeDirectory(root + "/tmp")
        // Leftovers of an interrupted ingest: never referenced by the catalog, safe to remove.
        if let leftovers = try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp") {
            for name in leftovers { unlink(root + "/tmp/" + name) }
        }
    }

    public func localPath(for digest: ContentDigest) -> String? {
        let hex = digest.hex
        return "\(root)/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
    }

    public func contains(_ digest: ContentDigest) async throws -> Bool { isStored(digest) }

    func isStored(_ digest: ContentDigest) -> Bool {
        guard let path = localPath(for: digest) else { return false }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public func ingest(fileAt sourcePath: String, progress: (Int64) -> Void) async throws -> StoredBlob {
        var info = stat()
        guard stat(sourcePath, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw AssetStoreError(.sourceMissing(sourcePath)) }
            throw AssetStoreError(.sourceUnreadable(sourcePath, errno: code))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw AssetStoreError(.sourceNotAFile(sourcePath)) }
        guard info.st_size > 0 else { throw AssetStoreError(.sourceEmpty(sourcePath)) }

        let input = open(sourcePath, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw AssetStoreError(.sourceUnreadable(sourcePath, errno: errno)) }
        defer { close(input) }

        let tempPath = "\(root)/tmp/ingest-\(UUID().uuidString)"
        let output = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw AssetStoreError(.writeFailed(root + "/tmp", errno: errno)) }
        var keepTemp = false
        defer {
            if !keepTemp { unlink(tempPath) }
        }

        var hasher = SHA256()
        var header = [UInt8]()
        var total: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        do {
            defer { close(output) }
            while true {
                let count = read(input, buffer.baseAddress, Self.chunkSize)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw AssetStoreError(.sourceUnreadable(sourcePath, errno: errno))
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(bufferPointer: chunk)
                if header.count < MediaSniffer.headerLength {
                    header.append(contentsOf: chunk.prefix(MediaSniffer.headerLength - header.count))
                }
                try Self.writeAll(output, chunk, path: tempPath)
                total += Int64(count)
                progress(total)
            }
            guard total > 0 else { throw AssetStoreError(.sourceEmpty(sourcePath)) }
            guard fsync(output) == 0 else { throw AssetStoreError(.writeFailed(tempPath, errno: errno)) }
        }

        let digest = ContentDigest(hasher.finalize())
        let finalPath = localPath(for: digest)!
        if isStored(digest) {
            return StoredBlob(digest: digest, size: total, header: header, wasAlreadyStored: true)
        }
        let hex = digest.hex
        try Self.makeDirectory("\(root)/\(hex.prefix(2))")
        try Self.makeDirectory("\(root)/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))")
        guard rename(tempPath, finalPath) == 0 else { throw AssetStoreError(.writeFailed(finalPath, errno: errno)) }
        keepTemp = true
        Self.syncDirectory("\(root)/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))")
        return StoredBlob(digest: digest, size: total, header: header, wasAlreadyStored: false)
    }

    /// Removes a blob (used when a catalog insert fails after the blob was newly stored).
    public func remove(_ digest: ContentDigest) async {
        if let path = localPath(for: digest) { unlink(path) }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw AssetStoreError(.writeFailed(path, errno: errno))
            }
            offset += written
        }
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw AssetStoreError(.writeFailed(path, errno: errno))
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
