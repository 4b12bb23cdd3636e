import Dispatch
import LRUCache
import Synchronization
import Testing

@Suite("LRUCache behaviour")
struct LRUCacheTests {
    @Test("counters follow lookups, insertions and evictions")
    func statistics() {
        let cache = LRUCache<String, [UInt8]>(costLimit: 10, shardCount: 1, policy: .lru) { $0.count }
        cache.insert([1, 2, 3, 4], forKey: "a")
        cache.insert([1, 2, 3, 4], forKey: "b")
        #expect(cache.value(forKey: "a") == [1, 2, 3, 4])
        #expect(cache.value(forKey: "zzz") == nil)
        cache.insert([1, 2, 3, 4], forKey: "c")  // 12 > 10: evicts "b", the least recently used
        #expect(cache.peek(forKey: "b") == nil)
        #expect(
            cache.statistics
                == CacheStatistics(
                    hits: 1, misses: 1, insertions: 3, evictions: 1, rejections: 0, currentBytes: 8, currentEntries: 2))
    }

    @Test("a value larger than a shard's share is not cached and drops the key's old value", arguments: [1, 4])
    func tooLarge(shardCount: Int) {
        let log = EvictionLog<Int, [UInt8]>()
        let cache = LRUCache<Int, [UInt8]>(
            costLimit: 40, shardCount: shardCount, policy: .lru, onEviction: log.listener
        ) { $0.count }
        cache.insert([0], forKey: 7)
        cache.insert([UInt8](repeating: 1, count: 40 / shardCount + 1), forKey: 7)
        #expect(cache.peek(forKey: 7) == nil)
        #expect(cache.statistics.rejections == 1)
        #expect(cache.statistics.currentBytes == 0)
        #expect(log.all.map(\.reason) == [.replaced])
    }

    @Test("the listener hears every departure with its reason")
    func listenerReasons() {
        let log = EvictionLog<Int, Int>()
        let cache = LRUCache<Int, Int>(costLimit: 2, shardCount: 1, policy: .lru, onEviction: log.listener) { _ in 1 }
        cache.insert(1, forKey: 1)
        cache.insert(2, forKey: 2)
        cache.insert(3, forKey: 3)  // evicts 1
        cache.insert(30, forKey: 3)  // replaces 3
        cache.removeValue(forKey: 2)
        cache.removeAll()  // clears 3
        let seen = log.all.map { "\($0.key)=\($0.value):\($0.reason)" }
        #expect(seen == ["1=1:capacity", "3=3:replaced", "2=2:removed", "3=30:cleared"])
        #expect(cache.statistics.currentEntries == 0)
    }

    /// A patron reading a whole collection once must not flush the items everyone reads.
    @Test(
        "a one-off scan flushes the hot set from plain LRU only",
        arguments: [
            (EvictionPolicy.lru, false),
            (EvictionPolicy.segmented, true),
            (EvictionPolicy.segmented(protectedFraction: 0.8, usesAdmissionFilter: false), true),
        ])
    func scanResistance(policy: EvictionPolicy, hotSetSurvives: Bool) {
        let cache = LRUCache<Int, Int>(costLimit: 100, shardCount: 1, policy: policy) { _ in 1 }
        let hot = 0..<50
        for _ in 0..<3 {
            for key in hot where cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
        }
        for key in 1000..<3000 where cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
        let survivors = hot.filter { cache.peek(forKey: $0) != nil }.count
        #expect(survivors == (hotSetSurvives ? hot.count : 0))
    }

    /// A loop over more keys than fit: LRU and plain SLRU evict each key just before it is needed again.
    @Test(
        "a loop larger than the cache gets hits only with the admission filter",
        arguments: [
            (EvictionPolicy.lru, false),
            (EvictionPolicy.segmented(protectedFraction: 0.8, usesAdmissionFilter: false), false),
            (EvictionPolicy.segmented, true),
        ])
    func loop(policy: EvictionPolicy, expectHits: Bool) {
        let cache = LRUCache<Int, Int>(costLimit: 100, shardCount: 1, policy: policy) { _ in 1 }
        for _ in 0..<20 {
            for key in 0..<150 where cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
        }
        #expect((cache.statistics.hits > 0) == expectHits)
        #expect(cache.statistics.currentBytes <= 100)
    }

    /// Sketch estimates are off by about a request; a newcomer must lead the entry it would displace by two.
    @Test("the admission filter admits a new key only when it was requested at least twice more than the victim")
    func admissionMargin() {
        for (lookups, admitted) in [(1, false), (2, false), (3, true)] {
            let cache = LRUCache<Int, Int>(costLimit: 1, shardCount: 1, policy: .segmented) { _ in 1 }
            // The resident: one request (a miss, then its insertion, counts once).
            if cache.value(forKey: 0) == nil { cache.insert(0, forKey: 0) }
            // The newcomer: `lookups` misses, then an insertion that would evict the resident.
            for _ in 0..<lookups { _ = cache.value(forKey: 1) }
            cache.insert(1, forKey: 1)
            #expect((cache.peek(forKey: 1) != nil) == admitted, "after \(lookups) lookups")
            #expect((cache.peek(forKey: 0) != nil) == !admitted, "after \(lookups) lookups")
            #expect(cache.statistics.rejections == (admitted ? 0 : 1))
        }
    }

    @Test("removeAll empties every shard and keeps the counters")
    func removeAll() {
        let cache = LRUCache<Int, Int>(costLimit: 1_000, shardCount: 8) { _ in 1 }
        for key in 0..<500 { cache.insert(key, forKey: key) }
        _ = cache.value(forKey: 3)
        cache.removeAll()
        #expect(cache.statistics.currentEntries == 0)
        #expect(cache.statistics.currentBytes == 0)
        #expect(cache.statistics.hits == 1)
        #expect((0..<500).allSatisfy { cache.peek(forKey: $0) == nil })
    }

    /// Plain LRU buffers hits and replays only each slot's last buffered hit; long runs of hits with repeats
    /// (more than one buffer's worth, skewed like real traffic) must still give exact LRU eviction order.
    @Test("long runs of repeated hits still evict in exact LRU order", arguments: [1, 7, 42])
    func bufferedHitsKeepExactOrder(seed: Int) {
        let capacity = 40
        let log = EvictionLog<Int, Int>()
        let cache = LRUCache<Int, Int>(
            costLimit: capacity, shardCount: 1, policy: .lru, onEviction: log.listener) { _ in 1 }
        var model = LRUReferenceModel(capacity: capacity)
        for key in 0..<capacity {
            cache.insert(key, forKey: key)
            _ = model.insert(key, forKey: key, cost: 1)
        }
        var state = UInt64(seed)
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Squaring a uniform draw skews it towards small keys, so hot keys recur within one buffer.
            let uniform = Double(state >> 11) / Double(1 << 53)
            let key = Int(uniform * uniform * Double(capacity))
            #expect(cache.value(forKey: key) == model.value(forKey: key))
        }
        for key in 1000..<(1000 + capacity) {
            cache.insert(key, forKey: key)
            let expected = model.insert(key, forKey: key, cost: 1)
            #expect(log.takeCapacityEvictions() == expected)
        }
    }

    @Test("concurrent use from many tasks keeps the bound and the counts consistent")
    func concurrentUse() async {
        let cache = LRUCache<Int, Int>(costLimit: 4_096, shardCount: 4) { _ in 16 }
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<20_000 {
                        let key = (i * 7 + t) % 1_000
                        if cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
                        if i % 97 == 0 { cache.removeValue(forKey: key) }
                    }
                }
            }
        }
        let statistics = cache.statistics
        #expect(statistics.currentBytes <= 4_096)
        #expect(statistics.currentBytes == statistics.currentEntries * 16)
        #expect(statistics.hits + statistics.misses == 8 * 20_000)
    }

    @Test(
        "threads reading, writing and removing at once always get each key's own value, exact counts and the bound",
        arguments: [EvictionPolicy.lru, .segmented])
    func concurrentThreads(policy: EvictionPolicy) {
        // Heap-allocated strings (longer than 15 bytes), so that every value handed out is retained while other
        // threads evict, replace and release values of the same shards.
        @Sendable func expected(_ key: Int) -> String { "value of key \(key), long enough for the heap" }
        let cache = LRUCache<Int, String>(costLimit: 300, shardCount: 4, policy: policy) { _ in 1 }
        let threads = 4
        let rounds = 50_000
        let wrong = Mutex(0)
        let lookups = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var generator = SystemRandomNumberGenerator()
            var mine = 0
            var bad = 0
            for i in 0..<rounds {
                // Mostly a hot set that fits, sometimes a colder key that forces evictions.
                let key = i % 10 == 0 ? Int.random(in: 0..<2_000, using: &generator) : Int.random(in: 0..<200, using: &generator)
                mine += 1
                if let value = cache.value(forKey: key) {
                    if value != expected(key) { bad += 1 }
                } else {
                    cache.insert(expected(key), forKey: key)
                }
                if (i + t) % 101 == 0 { cache.removeValue(forKey: key) }
                if i % 997 == 0, let value = cache.peek(forKey: key), value != expected(key) { bad += 1 }
            }
            wrong.withLock { $0 += bad }
            lookups.withLock { $0 += mine }
        }
        #expect(wrong.withLock { $0 } == 0)
        let statistics = cache.statistics
        #expect(statistics.hits + statistics.misses == lookups.withLock { $0 })
        #expect(statistics.currentBytes <= 300)
        #expect(statistics.currentBytes == statistics.currentEntries)
        for key in 0..<2_000 {
            if let value = cache.peek(forKey: key) { #expect(value == expected(key)) }
        }
    }
}
