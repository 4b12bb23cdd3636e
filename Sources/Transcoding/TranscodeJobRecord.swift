/// The bookkeeping for one job in a ``TranscodeQueue``: its work, its waiters and its state.
///
/// States: `queued` → `running` → removed (finished, failed or cancelled). A queued job whose last
/// waiter leaves is removed before it starts; a running one is told to stop through its context.
struct TranscodeJobRecord {
    enum State: Equatable {
        case queued
        case running
    }

    let context: TranscodeJobContext
    let work: @Sendable (TranscodeJobContext) throws -> Void
    /// Who asked for the job first (counted against per-subject and per-library limits); nil for prefetches.
    let owner: TranscodeOwner?
    var state: State = .queued
    var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]

    /// What to do after a waiter left.
    enum Departure: Equatable {
        /// Others still wait: nothing changes.
        case keep
        /// Nobody waits and the job has not started: drop it.
        case dropQueued
        /// Nobody waits and the job runs: ask it to stop.
        case cancelRunning
    }

    mutating func removeWaiter(_ id: UInt64) -> (CheckedContinuation<Void, any Error>?, Departure) {
        let continuation = waiters.removeValue(forKey: id)
        guard waiters.isEmpty else { return (continuation, .keep) }
        return (continuation, state == .queued ? .dropQueued : .cancelRunning)
    }
}

/// Who a transcode job is for: the subject that asked (a patron, a key, a delivery) and the library accountable for
/// it, so one patron or one library cannot occupy every transcoder.
public struct TranscodeOwner: Sendable, Hashable {
    public var subject: String
    public var library: String?

    public init(subject: String, library: String?) {
        self.subject = subject
        self.library = library
    }
}
