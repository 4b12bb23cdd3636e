import LRUCache
import Testing

/// A key whose hash collides on purpose: only `id % buckets` is hashed, so many keys share a hash (and so a tag
/// and home position in the cache's open-addressing index) and must be told apart by `==`.
struct CollidingKey: Hashable, Sendable {
    let id: Int
    let buckets: Int

    static func == (a: CollidingKey, b: CollidingKey) -> Bool { a.id == b.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id % buckets) }
}

@Suite("LRUCache index and deferred reordering")
struct HashIndexTests {
    /// Random inserts and removals over many keys against a Dictionary, so that the index grows several times
    /// and deletion has to close probe chains (colliding keys make long chains).
    @Test("lookups agree with a dictionary through growth, collisions and removals", arguments: [1, 7, 1_000_003])
    func agreesWithDictionary(buckets: Int) {
        let cache = LRUCache<CollidingKey, Int>(costLimit: 1 << 30, shardCount: 2, policy: .lru) { _ in 1 }
        var model: [Int: Int] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let keySpace = buckets < 100 ? 300 : 5_000
        for step in 0..<20_000 {
            let id = next(keySpace)
            let key = CollidingKey(id: id, buckets: buckets)
            switch next(3) {
            case 0, 1:
                cache.insert(step, forKey: key)
                model[id] = step
            default:
                #expect(cache.removeValue(forKey: key) == model.removeValue(forKey: id))
            }
        }
        for id in 0..<keySpace {
            #expect(cache.peek(forKey: CollidingKey(id: id, buckets: buckets)) == model[id], "key \(id)")
        }
        #expect(cache.statistics.currentEntries == model.count)
    }

    /// More hits between two insertions than plain LRU buffers (64): the replayed order must still be exact.
    @Test("plain LRU evicts in exact least-recently-used order after long runs of hits")
    func exactOrderAfterManyHits() {
        let log = EvictionLog<Int, Int>()
        let size = 300
        let cache = LRUCache<Int, Int>(costLimit: size, shardCount: 1, policy: .lru, onEviction: log.listener) { _ in 1 }
        for key in 0..<size { cache.insert(key, forKey: key) }
        // A fixed permutation with repeats: every key is hit, some several times, in a scrambled order.
        var order: [Int] = []
        for i in 0..<(3 * size) { order.append((i * 7_919) % size) }
        for key in order { #expect(cache.value(forKey: key) == key) }
        var expected: [Int] = []
        var seen = Set<Int>()
        for key in order.reversed() where seen.insert(key).inserted { expected.append(key) }
        expected.reverse()  // least recently used first
        for key in size..<(2 * size) { cache.insert(key, forKey: key) }
        #expect(log.takeCapacityEvictions() == expected)
    }
}
