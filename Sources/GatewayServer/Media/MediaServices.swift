import Foundation
import Hummingbird
public import LRUCache
import Logging
import ObjectStore
import PostgresStore
import Synchronization
public import Transcoding

/// The parts of the gateway that make and keep renditions and HLS segments: transcode profiles, the job queue, the
/// worker processes that run libav, the disk tier of the cache, probe results and playlists, recent failures (so a
/// broken file answers 422 at once, not again and again through the queue), and which renditions someone still
/// waits for.
public struct MediaServices: Sendable {
    public let profiles: ProfileCatalog
    /// Where the profiles were loaded from: workers load the same files.
    public let profilesDirectory: String
    public let queue: TranscodeQueue
    public let cache: DiskCache
    public let probes: LRUCache<String, MediaInfo>
    /// Starts transcode worker processes (libav never runs in the server's own process).
    public let workers: TranscodeWorkerClient
    /// Media lasting longer is refused (422).
    public let maxDurationSeconds: Double
    let failures: FailureLog
    /// HLS playlists without credentials, made once per (content, profile).
    let playlists: LRUCache<String, PlaylistTemplate>
    /// When someone last asked about each rendition job (see ``touch(_:)``).
    let interest: RenditionInterest
    /// Where jobs write before their output moves into the cache.
    let workDirectory: String
    /// In a network of nodes: jobs claimed in the shared database, results in the object store.
    var shared: SharedRenditions?

    public init(
        profiles: ProfileCatalog, profilesDirectory: String = "Transcode", queue: TranscodeQueue, cache: DiskCache,
        workDirectory: String, workers: TranscodeWorkerClient = TranscodeWorkerClient(memoryBytes: 2 << 30, cpuSecondsLimit: 21_600),
        maxDurationSeconds: Double = 86_400, renditionPollTimeout: Duration = .seconds(30)
    ) {
        self.profiles = profiles
        self.profilesDirectory = profilesDirectory
        self.queue = queue
        self.cache = cache
        self.workers = workers
        self.maxDurationSeconds = maxDurationSeconds
        probes = LRUCache(costLimit: 10_000, shardCount: 4, weigher: { _ in 1 })
        playlists = LRUCache(costLimit: 32 << 20, shardCount: 4, weigher: { $0.byteCount })
        failures = FailureLog()
        interest = RenditionInterest(patience: renditionPollTimeout)
        // Each process writes into a directory of its own: a command (`gateway link`, `gateway transcode`) started
        // while the server transcodes must not take the server's half-written files for leftovers.
        self.workDirectory = workDirectory + "/" + String(getpid())
        Self.removeLeftovers(in: workDirectory)
        try? FileManager.default.createDirectory(atPath: self.workDirectory, withIntermediateDirectories: true)
    }

    /// Removes what jobs of processes that are gone left in `directory` (interrupted by a crash or a restart): the
    /// directories named after a process id no longer running, and loose files of older versions.
    static func removeLeftovers(in directory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = directory + "/" + name
            if let pid = Int32(name), pid > 0 {
                guard kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(atPath: path)
            } else {
                unlink(path)
            }
        }
    }

    /// The cache key of `asset`'s rendition with `profile` (shared by the HTTP route and `gateway transcode`).
    public static func renditionKey(digest: String, profile: String) -> String {
        "rendition-\(digest)-\(profile)"
    }

    /// Probes `path` in a worker process (waited for on the thread pool), remembering the answer per content digest;
    /// a file that cannot be probed is remembered as failed for a while.
    public func probe(path: String, digest: String) async throws -> MediaInfo {
        if let known = probes.value(forKey: digest) { return known }
        let failureKey = "probe-" + digest
        if let known = failures.failure(failureKey) { throw known }
        let workers = self.workers, limit = maxDurationSeconds
        do {
            let info = try await Blocking.run { try workers.probe(path: path, maxDurationSeconds: limit) }
            probes.insert(info, forKey: digest)
            return info
        } catch let error as TranscodeError {
            if error.isUnprocessableMedia { failures.record(failureKey, error) }
            throw error
        }
    }

    /// The cache entry for `key`, looked up on the thread pool (a first lookup after a restart verifies a checksum).
    /// In a network, a result another node made is copied from the object store.
    public func cached(_ key: String) async -> DiskCacheEntry? {
        if let entry = try? await Blocking.run({ cache.lookup(key: key) }) { return entry }
        guard let shared else { return nil }
        return try? await shared.fetch(key, into: cache, workDirectory: workDirectory)
    }

    /// How far the job for `key` has got, on this node or (in a network) on the node making it.
    func progress(key: String) -> (fraction: Double, eta: Double?)? {
        if let local = queue.progress(key: key) { return (local.fraction, local.etaSeconds) }
        return shared?.progress(key).map { ($0, nil) }
    }

    /// Runs `make` through the queue (one job per key however many ask) into a work file and moves the result into
    /// the cache, both inside the job. So the entry is in the cache before the job leaves the queue, and another job
    /// for the same key (queued by a request that looked just before) can only start once this one's file has been
    /// checksummed and moved: two jobs never write the same work file at once, which could move a half-written
    /// file into the cache. A failure leaves no entry and no work file.
    ///
    /// - Parameters:
    ///   - owner: who asks (per-subject and per-library job limits); nil for prefetches.
    ///   - onQueued: called once the job is queued or joined (not when refused).
    ///
    /// In a network of nodes the job is the network's: see ``SharedRenditions``.
    public func produce(
        key: String, fileExtension: String, owner: TranscodeOwner? = nil, onQueued: @escaping @Sendable () -> Void = {},
        make: @escaping @Sendable (String, TranscodeJobContext) throws -> Void
    ) async throws -> DiskCacheEntry {
        if let shared {
            return try await produceShared(shared, key: key, fileExtension: fileExtension, owner: owner, onQueued: onQueued, make: make)
        }
        return try await produceLocally(key: key, fileExtension: fileExtension, owner: owner, onQueued: onQueued, make: make)
    }

    func produceLocally(
        key: String, fileExtension: String, owner: TranscodeOwner?, onQueued: @escaping @Sendable () -> Void,
        make: @escaping @Sendable (String, TranscodeJobContext) throws -> Void
    ) async throws -> DiskCacheEntry {
        let work = workDirectory + "/" + key + "." + fileExtension
        let cache = cache
        try await queue.run(key: key, owner: owner, onQueued: onQueued) { context in
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
