import Foundation
import LRUCache
import ObjectStore
import PostgresStore
import Synchronization
import Transcoding

/// Renditions and HLS segments made once for a network of nodes: the node that claims a job
/// (``PostgresTranscodeJobs``) makes it, puts the result in the object store (`renditions/<key>` under the storage
/// prefix) and marks it done; every other node asking for it meanwhile waits (showing the maker's progress), then
/// copies the object into its own disk tier and serves it from there. The same bytes everywhere, so the strong ETag
/// of a rendition is the same on every node and a download resumes across them.
final class SharedRenditions: Sendable {
    let jobs: PostgresTranscodeJobs
    let objects: S3BlobStore
    /// Progress of jobs this node waits for on another node, by key (entries live while someone waits).
    let remote = Mutex<[String: Double]>([:])
    static let pollInterval: Duration = .milliseconds(250)
    static let renewInterval: Duration = .seconds(5)

    init(jobs: PostgresTranscodeJobs, objects: S3BlobStore) {
        self.jobs = jobs
        self.objects = objects
    }

    static func objectName(_ key: String) -> String { "renditions/" + key }

    /// The result for `key` from the object store, copied into `cache` (through a work file in `workDirectory`); nil
    /// when the store does not have it.
    func fetch(_ key: String, into cache: DiskCache, workDirectory: String) async throws -> DiskCacheEntry? {
        let work = workDirectory + "/fetch-" + UUID().uuidString
        defer { unlink(work) }
        guard try await objects.fetch(Self.objectName(key), to: work) != nil else { return nil }
        return try await Blocking.run { try cache.insert(key: key, movingFrom: work) }
    }

    func progress(_ key: String) -> Double? { remote.withLock { $0[key] } }

    func waiting(_ key: String, _ fraction: Double?) {
        remote.withLock { all in
            if let fraction { all[key] = fraction } else { all[key] = nil }
        }
    }
}

extension MediaServices {
    /// ``produce(key:fileExtension:owner:onQueued:make:)`` in a network: made here if this node claims the job, else
    /// waited for and fetched.
    func produceShared(
        _ shared: SharedRenditions, key: String, fileExtension: String, owner: TranscodeOwner?, onQueued: @escaping @Sendable () -> Void,
        make: @escaping @Sendable (String, TranscodeJobContext) throws -> Void
    ) async throws -> DiskCacheEntry {
        var announced = false
        defer { shared.waiting(key, nil) }
        while true {
            try Task.checkCancellation()
            if let entry = await cached(key) {
                if !announced { onQueued() }
                return entry
            }
            switch try await shared.jobs.claim(key) {
            case .claimed:
                var announce = onQueued
                if announced { announce = {} }
                return try await makeAndShare(shared, key: key, fileExtension: fileExtension, owner: owner, onQueued: announce, make: make)
            case .running(let fraction):
                shared.waiting(key, fraction)
                if !announced {
                    announced = true
                    onQueued()
                }
                try await Task.sleep(for: SharedRenditions.pollInterval)
            case .done:
                // Marked done, but the object is not in the store (removed by an operator): make it again.
                try await shared.jobs.forget(key)
            case .failed(let code, let message):
                throw TranscodeError(TranscodeError.Code(name: code) ?? .invalidMedia, message)
            }
        }
    }

    /// Makes `key` here (this node holds the job), renewing the lease with the job's progress, then stores the result
    /// in the object store and marks the job done. A failure that would repeat anywhere (unprocessable media) is
    /// recorded for the network; any other (cancelled, overloaded, a disk error) releases the job for the next asker.
    private func makeAndShare(
        _ shared: SharedRenditions, key: String, fileExtension: String, owner: TranscodeOwner?, onQueued: @escaping @Sendable () -> Void,
        make: @escaping @Sendable (String, TranscodeJobContext) throws -> Void
    ) async throws -> DiskCacheEntry {
        let queue = self.queue
        let renewal = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: SharedRenditions.renewInterval)
                _ = try? await shared.jobs.renew(key, fraction: queue.progress(key: key)?.fraction ?? 0)
            }
        }
        defer { renewal.cancel() }
        let entry: DiskCacheEntry
        do {
            entry = try await produceLocally(key: key, fileExtension: fileExtension, owner: owner, onQueued: onQueued, make: make)
        } catch {
            if let failure = error as? TranscodeError, failure.isUnprocessableMedia {
                try? await shared.jobs.finish(key, state: "failed", failureCode: failure.code.name, failure: failure.message)
            } else {
                try? await shared.jobs.finish(key, state: "released")
            }
            throw error
        }
        do {
            _ = try await shared.objects.store(fileAt: entry.path, as: SharedRenditions.objectName(key))
            try await shared.jobs.finish(key, state: "done")
        } catch {
            // Served from here all the same; the next node to ask makes it again.
            try? await shared.jobs.finish(key, state: "released")
        }
        return entry
    }
}
