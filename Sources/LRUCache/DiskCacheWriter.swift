internal import Crypto

/// Writes an entry's bytes into its temporary file while computing their SHA-256, handed to the closure of
/// `DiskCache.insert(key:writing:)`.
public struct DiskCacheWriter: ~Copyable {
    let descriptor: Int32
    let path: String
    private var hasher = SHA256()
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Appends bytes to the entry.
    /// - Throws: `DiskCacheError` when the disk refuses them (full, quota, I/O error).
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(DiskCacheError) {
        if let error = POSIX.writeAll(descriptor, bytes) {
            throw .writeFailed(path: path, operation: "write", error)
        }
        hasher.update(bufferPointer: bytes)
        bytesWritten += bytes.count
    }

    /// Appends bytes to the entry.
    public mutating func write(_ bytes: some Sequence<UInt8>) throws(DiskCacheError) {
        let array = Array(bytes)
        if let error = array.withUnsafeBytes({ POSIX.writeAll(descriptor, $0) }) {
            throw .writeFailed(path: path, operation: "write", error)
        }
        array.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        bytesWritten += array.count
    }

    consuming func finish() -> String {
        Checksum.hex(hasher.finalize())
    }
}
