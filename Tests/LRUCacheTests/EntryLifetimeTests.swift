import LRUCache
import Testing

@Suite("LRUCache entry lifetime")
struct EntryLifetimeTests {
    /// Keys and values stored inline in the index's buckets are moved around when the index grows and when a
    /// deletion closes a probe chain; reference-counted keys and values must survive every move intact and be
    /// released exactly once.
    @Test("reference-counted keys and values survive index moves and are released exactly once",
        arguments: [EvictionPolicy.lru, .segmented])
    func releasedExactlyOnce(policy: EvictionPolicy) {
        let census = Census()
        do {
            let cache = LRUCache<String, TrackedValue>(costLimit: 300, shardCount: 2, policy: policy) { _ in 1 }
            var state: UInt64 = 12_345
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            for step in 0..<20_000 {
                let id = next(600)
                let key = "key-\(id)-" + String(repeating: "x", count: id % 40)  // long keys are heap strings
                switch next(4) {
                case 0, 1:
                    cache.insert(TrackedValue(id: id, census: census), forKey: key)
                case 2:
                    if let value = cache.value(forKey: key) { #expect(value.id == id, "step \(step)") }
                default:
                    if let value = cache.removeValue(forKey: key) { #expect(value.id == id, "step \(step)") }
                }
                if step == 10_000 {
                    cache.removeAll()
                    #expect(census.count == 0)
                }
            }
            #expect(census.count == cache.statistics.currentEntries)
            #expect(census.count > 0)
        }
        #expect(census.count == 0)
    }
}
