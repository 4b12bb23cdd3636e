import Synchronization

/// One running single-flight load: its `LoadStateMachine`, guarded by a `Mutex`, and the task doing the work.
final class InFlightLoad<Value: Sendable>: Sendable {
    typealias Continuation = CheckedContinuation<Value, any Error>

    private struct State {
        var machine = LoadStateMachine<Continuation, Value>()
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func join() -> Int? {
        state.withLock { $0.machine.join() }
    }

    var isAbandoned: Bool {
        state.withLock { $0.machine.isAbandoned }
    }

    var waiterCount: Int {
        state.withLock { $0.machine.waiterCount }
    }

    /// Hands over the task running the load; cancels it at once if every waiter has already left.
    func attach(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state in
            state.task = task
            return state.machine.isAbandoned
        }
        if cancelNow { task.cancel() }
    }

    /// Suspends until the load finishes (its value or error) or this task is cancelled (`CancellationError`).
    /// - Parameter onAbandon: called when this waiter was the last one, after the load task was cancelled.
    func wait(_ id: Int, onAbandon: @escaping @Sendable () -> Void) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Continuation) in
                let action = state.withLock { $0.machine.register(id, continuation) }
                switch action {
                case .suspend:
                    break
                case .resume(let result):
                    continuation.resume(with: result)
                case .resumeCancelled:
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let (action, task) = state.withLock { state in
                let action = state.machine.cancel(id)
                return (action, action.cancelLoad ? state.task : nil)
            }
            action.waiterToCancel?.resume(throwing: CancellationError())
            if action.cancelLoad {
                task?.cancel()
                onAbandon()
            }
        }
    }

    /// Delivers the load's outcome to every registered waiter.
    func finish(_ result: Result<Value, any Error>) {
        let action = state.withLock { $0.machine.finish(result) }
        for waiter in action.waiters {
            waiter.resume(with: result)
        }
    }
}
