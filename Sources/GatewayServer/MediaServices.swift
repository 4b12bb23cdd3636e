import Foundation
import Hummingbird
public import LRUCache
import Logging
import NIOPosix
import Synchronization
public import Transcoding

/// The parts of the gateway that make and keep renditions and HLS segments: transcode profiles, the job queue, the
/// disk tier of the cache, probe results, and recent failures (so a broken file answers 422 at once, not again and
/// again through the queue).
public struct MediaServices: Sendable {
    public let profiles: ProfileCatalog
    public let queue: TranscodeQueue
    public let cache: DiskCache
    public let probes: LRUCache<String, MediaInfo>
    let failures: FailureLog
    /// Where jobs write before their output moves into the cache.
    let workDirectory: String

    public init(profiles: ProfileCatalog, queue: TranscodeQueue, cache: DiskCache, workDirectory: String) {
        self.profiles = profiles
        self.queue = queue
        self.cache = cache
        self.workDirectory = workDirectory
        probes = LRUCache(costLimit: 10_000, shardCount: 4, weigher: { _ in 1 })
        failures = FailureLog()
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        // Leftovers of jobs interrupted by a crash or a restart.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: workDirectory)) ?? [] {
            unlink(workDirectory + "/" + name)
        }
    }

    /// The cache key of `asset`'s rendition with `profile` (shared by the HTTP route and `gateway transcode`).
    public static func renditionKey(digest: String, profile: String) -> String {
        "rendition-\(digest)-\(profile)"
    }

    /// Probes `path` (blocking libav work, run on the thread pool), remembering the answer per content digest.
    public func probe(path: String, digest: String) async throws -> MediaInfo {
        if let known = probes.value(forKey: digest) { return known }
        let info = try await Blocking.run { try MediaProbe.probe(path: path) }
        probes.insert(info, forKey: digest)
        return info
    }

    /// The cache entry for `key`, looked up on the thread pool (a first lookup after a restart verifies a checksum).
    public func cached(_ key: String) async -> DiskCacheEntry? {
        try? await Blocking.run { cache.lookup(key: key) }
    }

    /// Runs `make` through the queue (one job per key however many ask) into a work file and moves the result into
    /// the cache, both inside the job. So the entry is in the cache before the job leaves the queue, and another job
    /// for the same key (queued by a request that looked just before) can only start once this one's file has been
    /// checksummed and moved: two jobs never write the same work file at once, which could move a half-written
    /// file into the cache. A failure leaves no entry and no work file.
    public func produce(key: String, fileExtension: String, make: @escaping @Sendable (String, TranscodeJobContext) throws -> Void)
        async throws -> DiskCacheEntry
    {
        let work = workDirectory + "/" + key + "." + fileExtension
        let cache = cache
        try await queue.run(key: key) { context in
            unlink(work)
            do {
                try make(work, context)
                _ = try cache.insert(key: key, movingFrom: work)
            } catch {
                unlink(work)
                throw error
            }
        }
        if let entry = await cached(key) { return entry }
        // Stored by the job, then evicted or dropped before this caller looked (a disk cache far too small).
        var headers = HTTPFields()
        headers[.retryAfter] = "1"
        throw GatewayError(
            .serviceUnavailable, code: "evicted",
            message: "The transcoded file left the disk cache before it could be sent. Try again; if this repeats, "
                + "raise the disk cache size.", headers: headers)
    }
}

/// Media failures remembered for a while (keyed like cache entries), so polling clients get the 422 at once.
final class FailureLog: Sendable {
    let entries = Mutex([String: (message: String, at: ContinuousClock.Instant)]())
    static let lifetime = Duration.seconds(600)

    func record(_ key: String, _ message: String) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (message, .now)
        }
    }

    func failure(_ key: String) -> String? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if ContinuousClock.now - entry.at > Self.lifetime {
                entries[key] = nil
                return nil
            }
            return entry.message
        }
    }
}

/// Runs blocking work (file system, SQLite outside GRDB, libav) on NIO's thread pool, never on an event loop or the
/// cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
