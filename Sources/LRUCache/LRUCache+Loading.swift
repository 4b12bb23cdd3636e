import Synchronization

extension LRUCache {
    private enum LoadStep: Sendable {
        case hit(Value)
        case wait(InFlightLoad<Value>, Int)
    }

    /// The value for `key`, loading it with `load` on a miss: one load per key however many tasks ask at once.
    ///
    /// - Every task asking for a key while its load runs waits for that one load.
    /// - A successful load's value is stored (subject to the cost limit) and returned to every waiter.
    /// - A failed load's error is thrown to every waiter and nothing is stored; the next call loads again.
    /// - A waiter whose task is cancelled gets `CancellationError` at once; the load goes on for the others.
    ///   When the last waiter leaves, the load's task is cancelled and its result, if any, is dropped.
    ///
    /// The load runs in a task of its own (inheriting the first caller's priority and task-local values).
    public func value(
        forKey key: Key, load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        if let value = value(forKey: key) { return value }
        let step: LoadStep = loads.withLock { loads in
            // Re-check under the lock: a load that just finished stores its value before leaving the map.
            if let value = peek(forKey: key) { return .hit(value) }
            if let running = loads[key], let id = running.join() {
                return .wait(running, id)
            }
            let inFlight = InFlightLoad<Value>()
            let id = inFlight.join()!
            loads[key] = inFlight
            let task = Task {
                let result: Result<Value, any Error>
                do {
                    result = .success(try await load())
                } catch {
                    result = .failure(error)
                }
                self.complete(inFlight, forKey: key, with: result)
            }
            inFlight.attach(task)
            return .wait(inFlight, id)
        }
        switch step {
        case .hit(let value):
            return value
        case .wait(let inFlight, let id):
            return try await inFlight.wait(id) { [self] in
                self.forget(inFlight, forKey: key)
            }
        }
    }

    /// The number of tasks waiting for the load of `key` now (0 when none runs). For tests and diagnostics.
    public func waitingLoadCount(forKey key: Key) -> Int {
        loads.withLock { $0[key] }?.waiterCount ?? 0
    }

    private func complete(_ inFlight: InFlightLoad<Value>, forKey key: Key, with result: Result<Value, any Error>) {
        // Store first, then leave the map: a caller arriving in between finds the value in the cache.
        if case .success(let value) = result, !inFlight.isAbandoned {
            insert(value, forKey: key)
        }
        forget(inFlight, forKey: key)
        inFlight.finish(result)
    }

    private func forget(_ inFlight: InFlightLoad<Value>, forKey key: Key) {
        loads.withLock { loads in
            if loads[key] === inFlight { loads[key] = nil }
        }
    }
}
