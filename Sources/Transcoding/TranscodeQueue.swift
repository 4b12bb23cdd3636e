import Foundation
import Synchronization

/// A bounded pool of dedicated threads that runs transcode jobs, never on an event loop or Swift's
/// cooperative pool.
///
/// - At most `concurrency` jobs run at once (default: the number of cores); at most `queueLimit`
///   more wait. Beyond that ``run(key:work:)`` throws ``TranscodeError/Code/overloaded`` with
///   ``TranscodeError/retryAfterSeconds`` (the server answers `503` with `Retry-After`).
/// - Single flight: callers asking for a key already queued or running join that job.
/// - When every caller waiting for a job has been cancelled, a queued job is dropped and a running
///   one is cancelled through ``TranscodeJobContext/isCancelled``.
/// - A new job for an owner (subject, library) that already has `jobsPerSubject` (or its library `jobsPerLibrary`)
///   jobs queued or running is refused with ``TranscodeError/Code/busySubject``; joining a job is always allowed.
///
/// Call ``shutdown()`` to stop the threads once no more work will be submitted.
public final class TranscodeQueue: Sendable {
    private struct State {
        var jobs: [String: TranscodeJobRecord] = [:]
        var pending: [String] = []
        var nextWaiter: UInt64 = 0
        var cancelledWaiters: Set<UInt64> = []
        var isShutDown = false
    }

    /// Jobs running at once.
    public let concurrency: Int
    /// Jobs allowed to wait for a thread.
    public let queueLimit: Int
    /// The `Retry-After` suggested when overloaded.
    public let retryAfterSeconds: Int
    /// Jobs one subject, and one library, may have queued or running.
    public let jobsPerSubject: Int
    public let jobsPerLibrary: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    /// Starts `concurrency` worker threads (`nil`: one per core).
    public init(
        concurrency: Int? = nil, queueLimit: Int = 16, retryAfterSeconds: Int = 5, jobsPerSubject: Int = .max,
        jobsPerLibrary: Int = .max
    ) {
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
        self.queueLimit = max(0, queueLimit)
        self.retryAfterSeconds = retryAfterSeconds
        self.jobsPerSubject = max(1, jobsPerSubject)
        self.jobsPerLibrary = max(1, jobsPerLibrary)
        for number in 0..<self.concurrency {
            let thread = Thread { [self] in self.workerLoop() }
            thread.name = "transcode-\(number)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Runs `work` for `key` on a pool thread, or joins the job already queued or running for `key`,
    /// and returns when it finishes.
    /// - Parameters:
    ///   - owner: who asks, counted against the per-subject and per-library limits when a new job starts.
    ///   - onQueued: called once the call has joined or queued a job (not when it was refused), before waiting.
    /// - Throws: the job's error; ``TranscodeError/Code/overloaded`` when the queue is full;
    ///   ``TranscodeError/Code/busySubject`` when the owner is at a limit;
    ///   `CancellationError` when the calling task is cancelled (the job stops if nobody else waits).
    public func run(
        key: String, owner: TranscodeOwner? = nil, onQueued: @escaping @Sendable () -> Void = {},
        work: @escaping @Sendable (TranscodeJobContext) throws -> Void
    ) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Bool, any Error> in
                    if state.cancelledWaiters.remove(id) != nil { return .failure(CancellationError()) }
                    if state.isShutDown {
                        return .failure(TranscodeError(.cancelled, "the transcode queue has shut down"))
                    }
                    if state.jobs[key] != nil {
                        state.jobs[key]!.waiters[id] = continuation
                        return .success(false)
                    }
                    if state.jobs.count >= concurrency + queueLimit {
                        return .failure(
                            TranscodeError(
                                .overloaded,
                                "\(state.jobs.count) transcodes are running or waiting; try again in \(retryAfterSeconds) s",
                                retryAfterSeconds: retryAfterSeconds))
                    }
                    if let owner, let refusal = refusal(for: owner, among: state.jobs.values) {
                        return .failure(refusal)
                    }
                    var record = TranscodeJobRecord(context: TranscodeJobContext(), work: work, owner: owner)
                    record.waiters[id] = continuation
                    state.jobs[key] = record
                    state.pending.append(key)
                    return .success(true)
                }
                switch outcome {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(let enqueued):
                    if enqueued { available.signal() }
                    onQueued()
                }
            }
        } onCancel: {
            self.leave(key: key, waiter: id)
        }
    }

    /// Why `owner` may not start another job now, or nil.
    private func refusal(for owner: TranscodeOwner, among jobs: Dictionary<String, TranscodeJobRecord>.Values) -> TranscodeError? {
        var subjectJobs = 0, libraryJobs = 0
        for job in jobs {
            guard let other = job.owner else { continue }
            if other.subject == owner.subject { subjectJobs += 1 }
            if let library = owner.library, other.library == library { libraryJobs += 1 }
        }
        if subjectJobs >= jobsPerSubject {
            return TranscodeError(
                .busySubject,
                "\(subjectJobs) transcodes asked for by you are running or waiting (the most at once is \(jobsPerSubject)); "
                    + "try again when one is done", retryAfterSeconds: retryAfterSeconds)
        }
        if libraryJobs >= jobsPerLibrary {
            return TranscodeError(
                .busySubject,
                "\(libraryJobs) transcodes for your library are running or waiting (the most at once is \(jobsPerLibrary)); "
                    + "try again shortly", retryAfterSeconds: retryAfterSeconds)
        }
        return nil
    }

    /// Progress of the job for `key`, or `nil` when none is queued or running.
    public func progress(key: String) -> TranscodeProgress? {
        let now = Self.now()
        return state.withLock { state -> TranscodeProgress? in
            guard let record = state.jobs[key] else { return nil }
            let snapshot = record.context.snapshot(now: now)
            return TranscodeProgress(
                state: record.state == .running ? .running : .queued, fraction: snapshot.fraction,
                etaSeconds: snapshot.eta, waiters: record.waiters.count)
        }
    }

    /// Every job queued or running now with its progress, running first, then in key order (at most
    /// `concurrency + queueLimit` entries: the queue is bounded).
    public func jobs() -> [(key: String, progress: TranscodeProgress)] {
        let now = Self.now()
        return state.withLock { state in
            state.jobs.map { key, record in
                let snapshot = record.context.snapshot(now: now)
                return (key, TranscodeProgress(
                    state: record.state == .running ? .running : .queued, fraction: snapshot.fraction,
                    etaSeconds: snapshot.eta, waiters: record.waiters.count))
            }
        }.sorted { ($0.progress.state == .running ? 0 : 1, $0.key) < ($1.progress.state == .running ? 0 : 1, $1.key) }
    }

    /// Jobs queued or running now.
    public var activeJobs: Int { state.withLock { $0.jobs.count } }

    /// Stops the worker threads after their current jobs; queued jobs fail with ``TranscodeError/Code/cancelled``.
    public func shutdown() {
        let dropped = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.isShutDown = true
            var dropped: [CheckedContinuation<Void, any Error>] = []
            for key in state.pending {
                if let record = state.jobs.removeValue(forKey: key) { dropped += record.waiters.values }
            }
            state.pending.removeAll()
            return dropped
        }
        for continuation in dropped {
            continuation.resume(throwing: TranscodeError(.cancelled, "the transcode queue has shut down"))
        }
        for _ in 0..<concurrency { available.signal() }
    }

    private func leave(key: String, waiter id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.jobs[key]?.waiters[id] != nil else {
                // Cancelled before the waiter registered: let registration see it.
                state.cancelledWaiters.insert(id)
                return nil
            }
            let (continuation, departure) = state.jobs[key]!.removeWaiter(id)
            switch departure {
            case .keep: break
            case .dropQueued:
                state.jobs.removeValue(forKey: key)
                state.pending.removeAll { $0 == key }
            case .cancelRunning:
                state.jobs[key]!.context.cancel()
            }
            return continuation
        }
        continuation?.resume(throwing: CancellationError())
    }

    private func workerLoop() {
        while true {
            available.wait()
            let next = state.withLock { state -> (String, TranscodeJobRecord)? in
                guard !state.pending.isEmpty else { return nil }
                let key = state.pending.removeFirst()
                guard state.jobs[key] != nil else { return nil }
                state.jobs[key]!.state = .running
                return (key, state.jobs[key]!)
            }
            guard let (key, record) = next else {
                if state.withLock({ $0.isShutDown }) { return }
                continue
            }
            record.context.markStarted(at: Self.now())
            var failure: (any Error)? = nil
            do {
                try record.work(record.context)
            } catch {
                failure = error
            }
            let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
                state.jobs.removeValue(forKey: key).map { Array($0.waiters.values) } ?? []
            }
            for waiter in waiters {
                if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
            }
        }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
