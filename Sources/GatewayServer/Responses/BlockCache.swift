import Hummingbird
import LRUCache
import NIOCore

/// Hot blocks of blob files in memory: the LRU caching core in front of blob reads. Viewers and players ask for
/// many small ranges of the same items; a cached block answers them without a system call or a thread hop (a
/// `ByteBuffer` slice shares the block's storage). Only small ranges use it — a whole-file download streams from
/// disk and cannot flush everyone's hot blocks.
final class BlockCache: Sendable {
    /// Block size: aligned blocks, so neighbouring ranges share them.
    static let blockSize: Int64 = 256 * 1024
    /// Ranges up to this size are served through the cache.
    static let rangeLimit: Int64 = 1 << 20

    struct BlockKey: Hashable, Sendable {
        let path: String
        let index: Int64
    }

    let blocks: LRUCache<BlockKey, ByteBuffer>
    let files: OpenBlobFiles
    let allocator = ByteBufferAllocator()

    init(capacityBytes: Int, files: OpenBlobFiles) {
        blocks = LRUCache(costLimit: max(capacityBytes, 1), shardCount: 16, weigher: { $0.readableBytes })
        self.files = files
    }

    var isEnabled: Bool { blocks.costLimit >= Int(Self.blockSize) * 16 }

    /// Writes the bytes `first...last` of the file at `path` (of `length` bytes) from cached blocks, loading missing
    /// blocks once however many requests want them.
    func write(path: String, length: Int64, first: Int64, last: Int64, to writer: inout any ResponseBodyWriter) async throws {
        var offset = first
        while offset <= last {
            let index = offset / Self.blockSize
            let blockStart = index * Self.blockSize
            let block = try await blocks.value(forKey: BlockKey(path: path, index: index)) { [files, allocator] in
                let descriptor = try await files.acquire(path: path)
                defer { descriptor.release() }
                let count = Int(min(Self.blockSize, length - blockStart))
                return try await files.read(descriptor, offset: blockStart, count: count, allocator: allocator)
            }
            let end = min(last, blockStart + Int64(block.readableBytes) - 1)
            guard end >= offset,
                let slice = block.getSlice(at: block.readerIndex + Int(offset - blockStart), length: Int(end - offset + 1))
            else { throw IOError(errnoCode: 5, reason: "blob shorter than its catalog size") }
            try await writer.write(slice)
            offset = end + 1
        }
    }
}
