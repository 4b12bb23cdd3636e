import Crypto
import Foundation
import LRUCache
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Disk-tier tests. Serialized: one of them lowers the process's file-size limit for a moment.
@Suite("DiskCache", .serialized)
struct DiskCacheTests {
    /// A fresh directory under the system temporary directory, removed by the caller's `defer`.
    static func makeDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/disk-cache-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @discardableResult
    static func store(_ cache: DiskCache, _ key: String, _ bytes: [UInt8]) throws -> DiskCacheEntry {
        try cache.insert(key: key) { writer in try writer.write(bytes) }
    }

    @Test("an inserted entry is found with its bytes, size and SHA-256")
    func insertAndLookup() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 20)
        let bytes = Self.bytes(5_000, seed: 1)
        let stored = try Self.store(cache, "rendition/asset-1/video-720p", bytes)
        let found = try #require(cache.lookup(key: "rendition/asset-1/video-720p"))
        #expect(found == stored)
        #expect(found.size == 5_000)
        #expect(found.checksum == Self.sha256(bytes))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: found.path))) == bytes)
        #expect(cache.lookup(key: "rendition/asset-1/audio") == nil)
        let statistics = cache.statistics
        #expect((statistics.hits, statistics.misses, statistics.currentEntries) == (1, 1, 1))
        #expect(statistics.currentBytes == 5_000)
    }

    @Test("entries survive a restart, and the index is rebuilt from the directory")
    func restartKeepsEntries() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let first = DiskCache(directory: directory, capacityBytes: 1 << 20)
        for i in 0..<3 { try Self.store(first, "segment-\(i)", Self.bytes(1_000 + i, seed: UInt8(i))) }
        let second = DiskCache(directory: directory, capacityBytes: 1 << 20)
        #expect(second.statistics.currentEntries == 3)
        #expect(second.statistics.currentBytes == 3_003)
        for i in 0..<3 {
            let entry = try #require(second.lookup(key: "segment-\(i)"))
            #expect(entry.size == 1_000 + i)
            #expect(entry.checksum == Self.sha256(Self.bytes(1_000 + i, seed: UInt8(i))))
        }
        #expect(second.statistics.corruptDrops == 0)
    }

    @Test("least recently used entries are evicted by bytes, and their files removed")
    func evictsByBytes() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory, capacityBytes: 300)
        let a = try Self.store(cache, "a", Self.bytes(100, seed: 1))
        let b = try Self.store(cache, "b", Self.bytes(100, seed: 2))
        try Self.store(cache, "c", Self.bytes(100, seed: 3))
        #expect(cache.lookup(key: "a") != nil)  // "b" is now the least recently used
        try Self.store(cache, "d", Self.bytes(100, seed: 4))
        #expect(cache.lookup(key: "b") == nil)
        #expect(!FileManager.default.fileExists(atPath: b.path))
        #expect(FileManager.default.fileExists(atPath: a.path))
        #expect(cache.statistics.evictions == 1)
        #expect(cache.statistics.currentBytes == 300)
        #expect(throws: DiskCacheError.self) { try Self.store(cache, "huge", Self.bytes(301, seed: 5)) }
        #expect(cache.statistics.writeFailures == 0, "too large is not a disk failure")
    }

    @Test("a corrupted file is detected on first use after a restart and dropped")
    func corruptionAfterRestart() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let entry = try Self.store(DiskCache(directory: directory, capacityBytes: 1 << 20), "k", Self.bytes(4_096, seed: 9))
        // Flip one byte in place (same size, so only the checksum can tell).
        let handle = try #require(FileHandle(forUpdatingAtPath: entry.path))
        try handle.seek(toOffset: 2_000)
        try handle.write(contentsOf: [0xFF ^ Self.bytes(4_096, seed: 9)[2_000]])
        try handle.close()
        let restarted = DiskCache(directory: directory, capacityBytes: 1 << 20)
        #expect(restarted.lookup(key: "k") == nil)
        #expect(restarted.statistics.corruptDrops == 1)
        #expect(restarted.statistics.currentEntries == 0)
        #expect(!FileManager.default.fileExists(atPath: entry.path))
    }

    @Test("verify(key:) finds a changed file in the running process; a truncated file is never served")
    func verifyAndTruncation() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 20)
        let changed = try Self.store(cache, "changed", Self.bytes(2_048, seed: 1))
        try Data(Self.bytes(2_048, seed: 2)).write(to: URL(fileURLWithPath: changed.path))
        #expect(cache.verify(key: "changed") == false)
        #expect(cache.lookup(key: "changed") == nil)
        let truncated = try Self.store(cache, "truncated", Self.bytes(2_048, seed: 3))
        #expect(truncate(truncated.path, 100) == 0)
        #expect(cache.lookup(key: "truncated") == nil)
        #expect(cache.statistics.corruptDrops == 2)
        let intact = try Self.store(cache, "intact", Self.bytes(10, seed: 4))
        #expect(cache.verify(key: "intact"))
        #expect(cache.lookup(key: "intact") == intact)
    }

    @Test("a temporary file left by a crash is removed at start; foreign files are left alone")
    func crashLeftovers() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        _ = FileManager.default.createFile(atPath: directory + "/tmp-interrupted.partial", contents: Data([1, 2, 3]))
        _ = FileManager.default.createFile(atPath: directory + "/README", contents: Data("mine".utf8))
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 20)
        #expect(Self.files(in: directory) == ["README"])
        #expect(cache.statistics.currentEntries == 0)
    }

    /// Tests run as root here, and root ignores permission bits, so `chmod 555` would not make a directory
    /// unwritable. Instead the cache directory's parent is a regular file: `mkdir` fails with ENOTDIR for
    /// everyone, root included, which is the same situation (a directory the gateway cannot write).
    @Test("an unusable directory makes the cache pass-through: misses, soft insert failures, counted")
    func unusableDirectory() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let blocker = directory + "/not-a-directory"
        _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let cache = DiskCache(directory: blocker + "/cache", capacityBytes: 1 << 20)
        #expect(!cache.isUsable)
        #expect(cache.lookup(key: "k") == nil)
        let error = try #require(throws: DiskCacheError.self) { try Self.store(cache, "k", [1, 2, 3]) }
        #expect(error.isWriteFailure)
        #expect(cache.statistics.writeFailures == 1)
        #expect(cache.statistics.misses == 1)
    }

    @Test("the directory disappearing after start: inserts fail softly, old entries are not served")
    func directoryRemovedAfterStart() throws {
        let parent = Self.makeDirectory()
        defer { Self.remove(parent) }
        let directory = parent + "/cache"
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 20)
        try Self.store(cache, "old", Self.bytes(500, seed: 1))
        try FileManager.default.removeItem(atPath: directory)
        _ = FileManager.default.createFile(atPath: directory, contents: Data())  // now a file: ENOTDIR for root too
        #expect(throws: DiskCacheError.self) { try Self.store(cache, "new", Self.bytes(500, seed: 2)) }
        #expect(cache.lookup(key: "old") == nil)
        #expect(cache.statistics.writeFailures == 1)
    }

    /// A full disk, simulated for real: with RLIMIT_FSIZE lowered, write(2) fails with EFBIG once a file would
    /// grow past the limit (SIGXFSZ is ignored so the process survives), just as it fails with ENOSPC on a full
    /// filesystem — and, unlike permissions, the limit applies to root.
    ///
    /// The limit is process-wide, so any other test writing a file at the same moment would fail too: this test runs
    /// only in a process of its own (`make test` runs it first, alone, with GATEWAY_ISOLATED_TEST=diskFullMidWrite).
    @Test(
        "a write refused mid-way by the disk leaves no partial file and counts a write failure",
        .enabled(if: ProcessInfo.processInfo.environment["GATEWAY_ISOLATED_TEST"] == "diskFullMidWrite")
    )
    func diskFullMidWrite() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 24)
        let previous = try Self.store(cache, "k", Self.bytes(1_000, seed: 1))
        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = rlimit(rlim_cur: 64 * 1024, rlim_max: saved.rlim_max)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limited)
        let outcome = Result { try Self.store(cache, "k", Self.bytes(1 << 20, seed: 2)) }
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, oldHandler)
        guard case .failure(let error) = outcome else {
            Issue.record("the write should have failed")
            return
        }
        #expect((error as? DiskCacheError)?.isWriteFailure == true)
        #expect(cache.statistics.writeFailures == 1)
        #expect(Self.files(in: directory) == [URL(fileURLWithPath: previous.path).lastPathComponent])
        #expect(cache.lookup(key: "k") == previous, "the previous entry is still served")
    }

    @Test("an error thrown while writing leaves the previous entry and no temporary file")
    func writerThrows() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory, capacityBytes: 1 << 20)
        let previous = try Self.store(cache, "k", [1, 2, 3])
        #expect(throws: TestFailure.self) {
            try cache.insert(key: "k") { writer in
                try writer.write([9, 9, 9, 9])
                throw TestFailure(code: 1)
            }
        }
        #expect(cache.lookup(key: "k") == previous)
        #expect(Self.files(in: directory).count == 1)
        #expect(cache.statistics.writeFailures == 0)
    }

    @Test("insert(key:movingFrom:) moves a finished file in and replaces an older version")
    func moveIn() throws {
        let directory = Self.makeDirectory()
        defer { Self.remove(directory) }
        let cache = DiskCache(directory: directory + "/cache", capacityBytes: 1 << 20)
        try Self.store(cache, "seg", [1])
        let source = directory + "/transcoded.ts"
        let bytes = Self.bytes(70_000, seed: 7)
        _ = FileManager.default.createFile(atPath: source, contents: Data(bytes))
        let entry = try cache.insert(key: "seg", movingFrom: source)
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(entry.checksum == Self.sha256(bytes))
        #expect(cache.lookup(key: "seg") == entry)
        #expect(Self.files(in: directory + "/cache").count == 1, "the older version's file is gone")
        #expect(cache.statistics.currentBytes == 70_000)
    }
}
