/// The life of one single-flight load, shared by every task waiting for the same key.
///
/// Pure state: it neither resumes continuations nor cancels tasks, it returns what the caller must do, so every
/// transition is tested on its own (`LoadStateMachineTests`). `Waiter` is a continuation in production and a
/// plain value in tests.
///
/// ```
///            join / register / cancel (others remain)
///              ┌──────┐
///              ▼      │
///   ──────▶ loading ──┴── finish ──▶ finished(result)   (late registrations get the result)
///              │
///              └── cancel (last waiter) ──▶ abandoned    (load task is cancelled; its result is dropped)
/// ```
///
/// A waiter first *joins* (under the cache's map lock, which is what makes the load single-flight) and then
/// *registers* its continuation; between the two its task may be cancelled or the load may finish, so both
/// orders are handled.
struct LoadStateMachine<Waiter, Value> {
    typealias WaiterID = Int

    enum State {
        case loading
        case finished(Result<Value, any Error>)
        case abandoned
    }

    private enum Slot {
        case joined
        case registered(Waiter)
        case cancelledBeforeRegistering
    }

    enum RegisterAction {
        /// Suspend; the waiter will be handed back by `finish` or `cancel`.
        case suspend
        /// The load already finished: resume the waiter with this result now.
        case resume(Result<Value, any Error>)
        /// The waiter's task was cancelled before it registered: resume it with `CancellationError` now.
        case resumeCancelled
    }

    struct CancelAction {
        /// A registered waiter to resume with `CancellationError`, if the cancelled waiter had registered.
        var waiterToCancel: Waiter?
        /// Whether that was the last waiter, so the load itself must be cancelled.
        var cancelLoad: Bool
    }

    struct FinishAction {
        /// The registered waiters, to resume with the result.
        var waiters: [Waiter]
        /// Whether anyone still wanted the result (false after abandonment).
        var delivered: Bool
    }

    private(set) var state: State = .loading
    private var slots: [WaiterID: Slot] = [:]
    private var nextID = 0

    /// The number of waiters that have joined and neither been resumed nor cancelled.
    var waiterCount: Int {
        slots.values.count { if case .cancelledBeforeRegistering = $0 { false } else { true } }
    }

    var isAbandoned: Bool {
        if case .abandoned = state { true } else { false }
    }

    /// Adds a waiter while the load is still running; `nil` once it has finished or been abandoned
    /// (the caller then starts a new load or reads the cache).
    mutating func join() -> WaiterID? {
        guard case .loading = state else { return nil }
        let id = nextID
        nextID += 1
        slots[id] = .joined
        return id
    }

    mutating func register(_ id: WaiterID, _ waiter: Waiter) -> RegisterAction {
        switch state {
        case .finished(let result):
            slots[id] = nil
            return .resume(result)
        case .abandoned:
            slots[id] = nil
            return .resumeCancelled
        case .loading:
            switch slots[id] {
            case .joined:
                slots[id] = .registered(waiter)
                return .suspend
            case .cancelledBeforeRegistering, .registered, .none:
                slots[id] = nil
                return .resumeCancelled
            }
        }
    }

    mutating func cancel(_ id: WaiterID) -> CancelAction {
        guard case .loading = state else { return CancelAction(waiterToCancel: nil, cancelLoad: false) }
        var waiter: Waiter?
        switch slots[id] {
        case .joined:
            slots[id] = .cancelledBeforeRegistering
        case .registered(let registered):
            slots[id] = nil
            waiter = registered
        case .cancelledBeforeRegistering, .none:
            return CancelAction(waiterToCancel: nil, cancelLoad: false)
        }
        if waiterCount == 0 {
            state = .abandoned
            return CancelAction(waiterToCancel: waiter, cancelLoad: true)
        }
        return CancelAction(waiterToCancel: waiter, cancelLoad: false)
    }

    mutating func finish(_ result: Result<Value, any Error>) -> FinishAction {
        guard case .loading = state else { return FinishAction(waiters: [], delivered: false) }
        state = .finished(result)
        var waiters: [Waiter] = []
        for (id, slot) in slots {
            if case .registered(let waiter) = slot {
                waiters.append(waiter)
                slots[id] = nil
            }
        }
        return FinishAction(waiters: waiters, delivered: true)
    }
}
