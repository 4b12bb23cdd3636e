import LRUCache
import Synchronization

/// Records what an eviction listener was told, in order.
final class EvictionLog<Key: Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[(key: Key, value: Value, reason: EvictionReason)]>([])

    var listener: @Sendable (Key, Value, EvictionReason) -> Void {
        { key, value, reason in self.entries.withLock { $0.append((key, value, reason)) } }
    }

    /// Keys evicted for capacity since the last call, in eviction order.
    func takeCapacityEvictions() -> [Key] {
        entries.withLock { entries in
            let keys = entries.filter { $0.reason == .capacity }.map(\.key)
            entries.removeAll()
            return keys
        }
    }

    var all: [(key: Key, value: Value, reason: EvictionReason)] {
        entries.withLock { $0 }
    }
}

/// A one-shot gate that tasks wait on until a test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// Waits (yielding) until `condition` holds. Not a timing threshold: it waits as long as it takes.
func eventually(_ condition: () -> Bool) async {
    while !condition() {
        try? await Task.sleep(for: .milliseconds(1))
    }
}

struct TestFailure: Error, Equatable {
    let code: Int
}

/// A value that counts how many of its kind are alive, so a test can see that the cache releases every value it
/// drops (evicted, replaced, removed, cleared, or held when the cache goes away) exactly once.
final class TrackedValue: Sendable {
    let id: Int
    let census: Census

    init(id: Int, census: Census) {
        self.id = id
        self.census = census
        census.born()
    }

    deinit { census.died() }
}

/// How many `TrackedValue`s of one test are alive.
final class Census: Sendable {
    private let alive = Mutex(0)
    func born() { alive.withLock { $0 += 1 } }
    func died() { alive.withLock { $0 -= 1 } }
    var count: Int { alive.withLock { $0 } }
}
