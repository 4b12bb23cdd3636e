import LRUCache
import Testing

@Suite("Single-flight loading")
struct SingleFlightLoadingTests {
    static func makeCache() -> LRUCache<String, Int> {
        LRUCache<String, Int>(costLimit: 1_000) { _ in 8 }
    }

    @Test("100 concurrent waiters share exactly one load, and the value is cached")
    func oneLoadForManyWaiters() async throws {
        let cache = Self.makeCache()
        let loads = Counter()
        let gate = Gate()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await cache.value(forKey: "asset") {
                        loads.increment()
                        await gate.wait()
                        return 42
                    }
                }
            }
            await eventually { cache.waitingLoadCount(forKey: "asset") == 100 }
            gate.open()
            var results: [Int] = []
            for try await value in group { results.append(value) }
            #expect(results == Array(repeating: 42, count: 100))
        }
        #expect(loads.count == 1)
        #expect(cache.peek(forKey: "asset") == 42)
        #expect(try await cache.value(forKey: "asset") { 0 } == 42, "served from the cache, no new load")
        #expect(loads.count == 1)
    }

    @Test("a failed load reaches every waiter and is not cached")
    func failureReachesAll() async throws {
        let cache = Self.makeCache()
        let loads = Counter()
        let gate = Gate()
        await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await cache.value(forKey: "broken") {
                            loads.increment()
                            await gate.wait()
                            throw TestFailure(code: 503)
                        }
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            await eventually { cache.waitingLoadCount(forKey: "broken") == 20 }
            gate.open()
            var errors: [TestFailure?] = []
            for await error in group { errors.append(error as? TestFailure) }
            #expect(errors == Array(repeating: TestFailure(code: 503), count: 20))
        }
        #expect(loads.count == 1)
        #expect(cache.peek(forKey: "broken") == nil)
        #expect(try await cache.value(forKey: "broken") { loads.increment(); return 5 } == 5, "next call loads again")
        #expect(loads.count == 2)
    }

    @Test("one waiter's cancellation gives it CancellationError; the others still get the value")
    func oneWaiterCancelled() async throws {
        let cache = Self.makeCache()
        let loads = Counter()
        let loadSawCancellation = Counter()
        let gate = Gate()
        let load: @Sendable () async throws -> Int = {
            loads.increment()
            await gate.wait()
            if Task.isCancelled { loadSawCancellation.increment() }
            return 9
        }
        let waiters = (0..<5).map { _ in Task { try await cache.value(forKey: "k", load: load) } }
        await eventually { cache.waitingLoadCount(forKey: "k") == 5 }
        waiters[0].cancel()
        await #expect(throws: CancellationError.self) { try await waiters[0].value }
        #expect(cache.waitingLoadCount(forKey: "k") == 4)
        gate.open()
        for waiter in waiters.dropFirst() {
            #expect(try await waiter.value == 9)
        }
        #expect(loads.count == 1)
        #expect(loadSawCancellation.count == 0)
        #expect(cache.peek(forKey: "k") == 9)
    }

    @Test("when every waiter leaves, the load is cancelled and nothing is cached")
    func allWaitersCancelled() async throws {
        let cache = Self.makeCache()
        let loadSawCancellation = Gate()
        let load: @Sendable () async throws -> Int = {
            do {
                try await Task.sleep(for: .seconds(3_600))
            } catch is CancellationError {
                loadSawCancellation.open()
                throw CancellationError()
            }
            return 1
        }
        let waiters = (0..<3).map { _ in Task { try await cache.value(forKey: "slow", load: load) } }
        await eventually { cache.waitingLoadCount(forKey: "slow") == 3 }
        for waiter in waiters { waiter.cancel() }
        for waiter in waiters {
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
        await loadSawCancellation.wait()  // returns only if the load observed its cancellation
        #expect(cache.waitingLoadCount(forKey: "slow") == 0)
        #expect(cache.peek(forKey: "slow") == nil)
        #expect(try await cache.value(forKey: "slow") { 2 } == 2, "a new call starts a fresh load")
    }

    @Test("a caller whose task is already cancelled gets CancellationError and leaves no load behind")
    func alreadyCancelledCaller() async throws {
        let cache = Self.makeCache()
        let loads = Counter()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await cache.value(forKey: "x") {
                try await Task.sleep(for: .seconds(3_600))
                loads.increment()
                return 1
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(cache.waitingLoadCount(forKey: "x") == 0)
        #expect(cache.peek(forKey: "x") == nil)
        #expect(loads.count == 0)
    }
}
