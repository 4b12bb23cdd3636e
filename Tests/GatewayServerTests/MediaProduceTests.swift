import Foundation
import Synchronization
import Testing
import Transcoding

@testable import GatewayServer
@testable import LRUCache

/// `MediaServices.produce`: the one way transcodes reach the disk cache, while requests for the same output keep
/// coming (players asking for a segment that is being made, patrons polling for a rendition).
@Suite struct MediaProduceTests {
    /// Each job writes different bytes (an encoder's output need not be the same twice), and entries are removed
    /// now and then so that new jobs start while requests are still arriving. Every entry handed out must be one
    /// job's whole output: its file's bytes match its checksum and size. Before jobs moved their own output into
    /// the cache, a request that came between a job's end and that move started a second job, which rewrote the
    /// work file while the first caller was checksumming it and moving it in.
    @Test func requestsArrivingAsAJobEndsGetOnlyWholeOutputs() async throws {
        let root = NSTemporaryDirectory() + "produce-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = DiskCache(directory: root + "/cache", capacityBytes: 1 << 30)
        let media = MediaServices(
            profiles: ProfileCatalog(profiles: []), queue: TranscodeQueue(concurrency: 2), cache: cache,
            workDirectory: root + "/work")
        let key = "hls-0123-video-0"
        let jobs = Atomic(0)
        let make: @Sendable (String, TranscodeJobContext) throws -> Void = { work, _ in
            let job = jobs.add(1, ordering: .relaxed).newValue
            FileManager.default.createFile(atPath: work, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: work))
            defer { try? handle.close() }
            let chunk = Data(repeating: UInt8(truncatingIfNeeded: job), count: 64 << 10)
            for _ in 0..<64 { try handle.write(contentsOf: chunk) }
        }
        let handedOut = try await withThrowingTaskGroup(of: [DiskCacheEntry].self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var entries: [DiskCacheEntry] = []
                    for round in 0..<40 {
                        if let cached = await media.cached(key) {
                            entries.append(cached)
                        } else {
                            do {
                                entries.append(try await media.produce(key: key, fileExtension: "ts", make: make))
                            } catch let error as GatewayError where error.code == "evicted" {
                                // Another caller removed the entry between the job's end and this caller's look:
                                // the answer a real eviction gets (503, try again), not a failure.
                            }
                        }
                        if round % 4 == caller { cache.remove(key: key) }
                    }
                    return entries
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(jobs.load(ordering: .relaxed) > 1)
        for entry in handedOut {
            // A file removed since is gone for good; a path is never reused for other bytes (it names the checksum).
            guard case .success(let (checksum, size)) = Checksum.ofFile(entry.path) else { continue }
            #expect(size == entry.size && checksum == entry.checksum, "\(entry.path): \(size) bytes")
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: media.workDirectory)) == [])
    }
}
