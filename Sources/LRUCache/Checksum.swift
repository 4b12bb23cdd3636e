internal import Crypto

/// SHA-256 helpers for the disk tier: file names from keys, and streaming checksums of files.
enum Checksum {
    static let chunkSize = 1 << 20

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        hex(Array(digest))
    }

    /// SHA-256 of a string's UTF-8 bytes, hex: a fixed-length, filesystem-safe name for any key.
    static func ofKey(_ key: String) -> String {
        hex(SHA256.hash(data: Array(key.utf8)))
    }

    /// SHA-256 of a file, read in 1 MiB chunks (never the whole file in memory), with its size.
    static func ofFile(_ path: String) -> Result<(checksum: String, size: Int), Errno> {
        let fd: Int32
        switch POSIX.openForReading(path) {
        case .success(let opened): fd = opened
        case .failure(let error): return .failure(error)
        }
        defer { POSIX.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var size = 0
        while true {
            switch POSIX.read(fd, into: buffer) {
            case .failure(let error):
                return .failure(error)
            case .success(0):
                return .success((hex(hasher.finalize()), size))
            case .success(let n):
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                size += n
            }
        }
    }
}
