import Foundation
import Synchronization
import Testing
import Transcoding

@Suite("Transcode queue")
struct TranscodeQueueTests {
    @Test("the same key is made once however many callers wait")
    func singleFlight() async throws {
        let queue = TranscodeQueue(concurrency: 2, queueLimit: 4)
        defer { queue.shutdown() }
        let runs = Atomic<Int>(0)
        let gate = DispatchSemaphore(value: 0)
        let work: @Sendable (TranscodeJobContext) throws -> Void = { _ in
            runs.add(1, ordering: .relaxed)
            gate.wait()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { try await queue.run(key: "asset-1/video-h264-720p", work: work) } }
            while queue.progress(key: "asset-1/video-h264-720p")?.waiters != 5 { try await Task.sleep(for: .milliseconds(5)) }
            gate.signal()
            try await group.waitForAll()
        }
        let runCount = runs.load(ordering: .relaxed)
        #expect(runCount == 1)
        #expect(queue.progress(key: "asset-1/video-h264-720p") == nil)
    }

    @Test("submissions beyond the bound are refused with overloaded and a Retry-After")
    func overload() async throws {
        let queue = TranscodeQueue(concurrency: 1, queueLimit: 1, retryAfterSeconds: 7)
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let blocking: @Sendable (TranscodeJobContext) throws -> Void = { _ in gate.wait() }
        let first = Task { try await queue.run(key: "a", work: blocking) }
        let second = Task { try await queue.run(key: "b", work: blocking) }
        while queue.activeJobs < 2 { try await Task.sleep(for: .milliseconds(5)) }
        do {
            try await queue.run(key: "c", work: blocking)
            Issue.record("accepted a third job")
        } catch let error as TranscodeError {
            #expect(error.code == .overloaded)
            #expect(error.retryAfterSeconds == 7)
        }
        // Joining a job already queued is not a new submission.
        let joined = Task { try await queue.run(key: "b", work: blocking) }
        while queue.progress(key: "b")?.waiters != 2 { try await Task.sleep(for: .milliseconds(5)) }
        gate.signal()
        gate.signal()
        try await first.value
        try await second.value
        try await joined.value
    }

    @Test("a subject and a library may have only so many jobs; joining and other subjects are not limited")
    func perOwnerLimits() async throws {
        let queue = TranscodeQueue(concurrency: 1, queueLimit: 8, retryAfterSeconds: 3, jobsPerSubject: 1, jobsPerLibrary: 2)
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let blocking: @Sendable (TranscodeJobContext) throws -> Void = { _ in gate.wait() }
        let reader = TranscodeOwner(subject: "patron:harbin:p1", library: "harbin")
        final class Count: Sendable {
            let value = Atomic<Int>(0)
            func add() { value.add(1, ordering: .relaxed) }
        }
        let queued = Count()
        let first = Task { try await queue.run(key: "a", owner: reader, onQueued: { queued.add() }, work: blocking) }
        while queue.activeJobs < 1 { try await Task.sleep(for: .milliseconds(5)) }
        // The same patron, another job: refused at once, never queued.
        do {
            try await queue.run(key: "b", owner: reader, onQueued: { queued.add() }, work: blocking)
            Issue.record("a second job for one subject was accepted")
        } catch let error as TranscodeError {
            #expect(error.code == .busySubject)
            #expect(error.retryAfterSeconds == 3)
        }
        // Joining the patron's own job is fine.
        let joined = Task { try await queue.run(key: "a", owner: reader, onQueued: { queued.add() }, work: blocking) }
        // Another patron of the same library: allowed up to the library's two jobs.
        let neighbour = Task {
            try await queue.run(key: "c", owner: TranscodeOwner(subject: "patron:harbin:p2", library: "harbin"), work: blocking)
        }
        while queue.activeJobs < 2 { try await Task.sleep(for: .milliseconds(5)) }
        do {
            try await queue.run(key: "d", owner: TranscodeOwner(subject: "patron:harbin:p3", library: "harbin"), work: blocking)
            Issue.record("a third job for one library was accepted")
        } catch let error as TranscodeError {
            #expect(error.code == .busySubject)
        }
        // Another library, and prefetches (no owner), are not held back by harbin's jobs.
        let elsewhere = Task { try await queue.run(key: "e", owner: TranscodeOwner(subject: "patron:qiqihar:p", library: "qiqihar"), work: blocking) }
        let prefetch = Task { try await queue.run(key: "f", work: blocking) }
        while queue.activeJobs < 4 { try await Task.sleep(for: .milliseconds(5)) }
        for _ in 0..<4 { gate.signal() }
        for task in [first, joined, neighbour, elsewhere, prefetch] { try await task.value }
        #expect(queued.value.load(ordering: .relaxed) == 2)
    }

    @Test("a job nobody waits for any more is cancelled, and its progress is visible while it runs")
    func cancelWhenNobodyWaits() async throws {
        let queue = TranscodeQueue(concurrency: 1, queueLimit: 2)
        defer { queue.shutdown() }
        let sawCancel = Atomic<Bool>(false)
        let work: @Sendable (TranscodeJobContext) throws -> Void = { context in
            context.report(fraction: 0.5)
            while !context.isCancelled { usleep(1000) }
            sawCancel.store(true, ordering: .relaxed)
            throw CancellationError()
        }
        let waiter = Task { try await queue.run(key: "k", work: work) }
        var progress: TranscodeProgress? = nil
        while progress?.state != .running || progress?.percent != 50 {
            try await Task.sleep(for: .milliseconds(5))
            progress = queue.progress(key: "k")
        }
        #expect(progress?.etaSeconds != nil)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        while queue.activeJobs > 0 { try await Task.sleep(for: .milliseconds(5)) }
        let cancelled = sawCancel.load(ordering: .relaxed)
        #expect(cancelled)
    }

    @Test("a real rendition runs on the pool and reports progress to 100 %")
    func realJob() async throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 2)
        let profile = try Fixtures.profile("audio-aac-96k")
        let output = directory.path("out.m4a")
        let queue = TranscodeQueue()
        defer { queue.shutdown() }
        let last = Mutex<Double>(0)
        try await queue.run(key: "src/audio-aac-96k") { context in
            try RenditionMaker.make(
                source: source, profile: profile, destinationPath: output,
                progress: { fraction in
                    context.report(fraction: fraction)
                    last.withLock { $0 = fraction }
                },
                isCancelled: { context.isCancelled })
        }
        #expect(last.withLock { $0 } == 1)
        #expect(try MediaTool.probe(output).audio?.codec_name == "aac")
    }
}
