import Foundation
import Synchronization

/// Handed to a queued job's work: report progress, and check whether anyone still waits.
public final class TranscodeJobContext: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let progressState = Mutex<(fraction: Double, startedAt: Double?)>((0, nil))

    init() {}

    /// `true` once every waiter has gone away; pass it as the pipeline's `isCancelled`.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Records progress (0…1); call it from the pipeline's `progress` callback.
    public func report(fraction: Double) {
        progressState.withLock { $0.fraction = min(1, max(0, fraction)) }
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func markStarted(at time: Double) { progressState.withLock { $0.startedAt = time } }

    func snapshot(now: Double) -> (fraction: Double, eta: Double?, running: Bool) {
        progressState.withLock { state in
            guard let started = state.startedAt else { return (state.fraction, nil, false) }
            let elapsed = max(0, now - started)
            guard state.fraction > 0.01 else { return (state.fraction, nil, true) }
            return (state.fraction, elapsed * (1 - state.fraction) / state.fraction, true)
        }
    }
}
