import AssetStore
import HTTPRanges
import Dispatch
import Foundation
import LRUCache
import NIOCore
import ObjectStore
import Synchronization

/// Reads the blobs of a remote store (``RemoteBlobStore``, an S3 object store) in fixed slices (`slice_bytes`, 1 MiB by
/// default, like nginx's `slice` module) kept in the byte-bounded disk tier, where the server reads them like local
/// files (the memory block cache in front, descriptors kept open). Keys are content addresses, so a cached slice is
/// never stale.
///
/// **Single flight**: however many requests want a slice that is not cached, the store is asked once; the others wait
/// for that one fetch. A fetch is not cancelled when the client that started it leaves (others may be waiting; the
/// slice is cached for the next). The table of fetches holds one entry per slice being fetched, at most one per
/// waiting request.
///
/// **Misses are answered from memory**: the fetched slice answers its readers at once and is written to the disk
/// tier in the background (readers arriving meanwhile get it from memory too). A slice the disk tier refuses (full,
/// unusable) is fetched again next time; nothing fails.
final class SliceCache: Sendable {
    /// A slice ready to read: a file in the disk tier, or (the disk tier refused it) the bytes themselves.
    enum Slice: Sendable {
        case file(path: String, size: Int64)
        case bytes(ByteBuffer)
    }

    let store: any RemoteBlobStore
    let disk: DiskCache
    let sliceBytes: Int64
    let flights = Mutex<[String: Task<Slice, any Error>]>([:])
    /// Disk-tier files of slices served recently, for the sendfile fast path (which must not touch the disk to find
    /// them). A path may name a file evicted since: the fast path uses it only through a descriptor still open.
    let warm: LRUCache<String, String>
    /// Until when (uptime nanoseconds) misses fail at once: the store was unreachable moments ago, and each miss
    /// would otherwise wait out the read timeout before its 503.
    let unreachableUntil = Atomic<UInt64>(0)
    static let unreachableHold: UInt64 = 2_000_000_000
    /// Fetches from the store and bytes fetched, since start (the origin traffic of `scripts/bench-cluster`).
    let originFetches = Atomic<Int>(0)
    let originBytes = Atomic<Int>(0)

    init(store: any RemoteBlobStore, disk: DiskCache, sliceBytes: Int64) {
        precondition(sliceBytes > 0)
        self.store = store
        self.disk = disk
        self.sliceBytes = sliceBytes
        warm = LRUCache(costLimit: 65_536, shardCount: 16, policy: .lru, weigher: { _ in 1 })
    }

    /// The files of the warm slices holding `range` (one, or two when it crosses a slice boundary) and the parts of
    /// the range within each; nil when a slice was not served lately or the range spans more than two. Never blocks.
    func warmSlices(_ digest: ContentDigest, containing range: ByteRange)
        -> (first: (String, ByteRange), second: (String, ByteRange)?)?
    {
        let index = range.first / sliceBytes
        let lastIndex = range.last / sliceBytes
        guard lastIndex - index <= 1, let path = warm.value(forKey: key(digest, index: index)) else { return nil }
        let start = index * sliceBytes
        guard lastIndex > index else { return ((path, ByteRange(first: range.first - start, last: range.last - start)), nil) }
        guard let next = warm.value(forKey: key(digest, index: lastIndex)) else { return nil }
        return ((path, ByteRange(first: range.first - start, last: sliceBytes - 1)),
            (next, ByteRange(first: 0, last: range.last - lastIndex * sliceBytes)))
    }

    func key(_ digest: ContentDigest, index: Int64) -> String { "slice:\(sliceBytes):\(digest.hex):\(index)" }

    /// Byte offsets `first...last` of slice `index` of a blob of `length` bytes.
    func bounds(index: Int64, length: Int64) -> (first: Int64, last: Int64) {
        let first = index * sliceBytes
        return (first, min(length, first + sliceBytes) - 1)
    }

    /// Slice `index` of the blob `digest` (`length` bytes in all), from the disk tier or fetched once from the store.
    /// - Parameter refetch: the caller found the cached file gone (evicted between lookup and open): drop the entry.
    /// - Throws: the store's error when the slice is not cached and the store cannot give it.
    func slice(_ digest: ContentDigest, index: Int64, length: Int64, refetch: Bool = false) async throws -> Slice {
        let key = key(digest, index: index)
        let disk = self.disk
        if refetch {
            _ = warm.removeValue(forKey: key)
            try await Blocking.run { disk.remove(key: key) }
        }
        if let entry = try await Blocking.run({ disk.lookup(key: key) }) {
            warm.insert(entry.path, forKey: key)
            return .file(path: entry.path, size: Int64(entry.size))
        }
        let task = flights.withLock { table -> Task<Slice, any Error> in
            if let running = table[key] { return running }
            let task = Task { [self] in
                let slice: Slice
                do {
                    slice = try await fetch(digest, index: index, length: length, key: key)
                } catch {
                    _ = flights.withLock { $0.removeValue(forKey: key) }
                    throw error
                }
                guard case .bytes(let buffer) = slice else {
                    _ = flights.withLock { $0.removeValue(forKey: key) }
                    return slice
                }
                // The readers are answered from memory at once; the slice goes to the disk tier meanwhile, and the
                // flight stays in the table (answering later readers from memory) until it is there.
                Task { [self] in
                    await persist(buffer, key: key)
                    _ = flights.withLock { $0.removeValue(forKey: key) }
                }
                return slice
            }
            table[key] = task
            return task
        }
        let slice = try await task.value
        if case .file(let path, _) = slice { warm.insert(path, forKey: key) }
        return slice
    }

    func fetch(_ digest: ContentDigest, index: Int64, length: Int64, key: String) async throws -> Slice {
        let disk = self.disk
        // Another flight may have finished between the caller's lookup and this one.
        if let entry = try await Blocking.run({ disk.lookup(key: key) }) { return .file(path: entry.path, size: Int64(entry.size)) }
        let (first, last) = bounds(index: index, length: length)
        let now = DispatchTime.now().uptimeNanoseconds
        guard now >= unreachableUntil.load(ordering: .relaxed) else {
            throw AssetStoreError.storeFailed("object store unreachable moments ago; not asked again yet")
        }
        let bytes: [UInt8]
        do {
            bytes = try await store.read(digest, first: first, last: last)
        } catch let error as S3Error {
            if case .unreachable = error {
                unreachableUntil.store(DispatchTime.now().uptimeNanoseconds + Self.unreachableHold, ordering: .relaxed)
            }
            throw error
        }
        originFetches.add(1, ordering: .relaxed)
        originBytes.add(bytes.count, ordering: .relaxed)
        guard Int64(bytes.count) == last - first + 1 else {
            throw AssetStoreError.storeFailed("object store: slice \(index) of \(digest.hex) has \(bytes.count) bytes, not \(last - first + 1)")
        }
        return .bytes(ByteBuffer(bytes: bytes))
    }

    /// Writes a fetched slice to the disk tier and remembers its file for the fast path. A disk that refuses it
    /// (full, unusable) costs only the next reader a fetch.
    func persist(_ buffer: ByteBuffer, key: String) async {
        let disk = self.disk
        guard
            let entry = try? await Blocking.run({
                // Not flushed: a slice can be fetched again, and a file a crash damaged fails its checksum on first use.
                try disk.insert(key: key, durable: false) { writer in
                    try buffer.withUnsafeReadableBytes { try writer.write($0) }
                }
            })
        else { return }
        warm.insert(entry.path, forKey: key)
    }

    /// The whole blob as one file in the disk tier (for the transcoder, which reads its input with libav), assembled
    /// from slices in `workDirectory` and moved into the tier; nil when the disk tier cannot hold it.
    func wholeFile(_ digest: ContentDigest, length: Int64, workDirectory: String) async throws -> String? {
        let key = "whole:\(digest.hex)"
        let disk = self.disk
        if let entry = try await Blocking.run({ disk.lookup(key: key) }) { return entry.path }
        guard length <= Int64(disk.capacityBytes) else { return nil }
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let temporary = workDirectory + "/whole-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: temporary)
        else { return nil }
        var moved = false
        defer {
            try? output.close()
            if !moved { try? FileManager.default.removeItem(atPath: temporary) }
        }
        var index: Int64 = 0
        while index * sliceBytes < length {
            switch try await slice(digest, index: index, length: length) {
            case .bytes(let buffer):
                try output.write(contentsOf: Data(buffer.readableBytesView))
            case .file(let path, _):
                let data = try await Blocking.run { try Data(contentsOf: URL(fileURLWithPath: path)) }
                try output.write(contentsOf: data)
            }
            index += 1
        }
        try output.synchronize()
        let entry = try await Blocking.run { try disk.insert(key: key, movingFrom: temporary) }
        moved = true
        return entry.path
    }
}
