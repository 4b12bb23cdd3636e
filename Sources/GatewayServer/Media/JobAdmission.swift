import Synchronization

/// A one-shot answer from a job started in the background to the request that started it: queued (nil) or refused
/// (the error). The first answer wins; later ones are ignored.
final class JobAdmission: Sendable {
    private enum State {
        case waiting(CheckedContinuation<(any Error)?, Never>?)
        case answered((any Error)?)
    }

    private let state = Mutex(State.waiting(nil))

    /// Gives the answer (nil: queued).
    func answer(_ error: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<(any Error)?, Never>? in
            guard case .waiting(let waiter) = state else { return nil }
            state = .answered(error)
            return waiter
        }
        waiter?.resume(returning: error)
    }

    /// Waits for the answer.
    func wait() async -> (any Error)? {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> (any Error)?? in
                switch state {
                case .answered(let error): return .some(error)
                case .waiting:
                    state = .waiting(continuation)
                    return .none
                }
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
