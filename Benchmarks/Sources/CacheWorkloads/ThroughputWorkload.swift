public import LRUCache

/// The throughput workloads over a trace of `Int` keys (each value is its key, weighed 64 bytes), shared by
/// the ordo-one benchmark (`CacheThroughput`) and the alternating one-against-two-threads run (`CacheQuick`).
public enum ThroughputWorkload: String, CaseIterable, Sendable {
    case getHit = "get-hit"
    case put = "put-with-eviction"
    case mix = "get/put 90/10"

    /// Cost of every entry, in bytes.
    public static let entryCost = 64

    /// The cache the workload runs on, for keys `0..<keyCount`. get-hit: one holding every key, inserted in the
    /// order the trace first asks for them (as a cache fills in service) and then the never-requested rest, so every
    /// lookup hits. put and 90/10: one holding 10 % of the keys, warmed up on the trace's first 1M requests.
    public func makeCache(policy: EvictionPolicy, keyCount: Int, trace: [Int]) -> LRUCache<Int, Int> {
        let entryCost = Self.entryCost
        switch self {
        case .getHit:
            let cache = LRUCache<Int, Int>(costLimit: 2 * keyCount * entryCost, policy: policy) { _ in entryCost }
            for key in trace where cache.peek(forKey: key) == nil { cache.insert(key, forKey: key) }
            for key in 0..<keyCount where cache.peek(forKey: key) == nil { cache.insert(key, forKey: key) }
            return cache
        case .put, .mix:
            let cache = LRUCache<Int, Int>(costLimit: keyCount / 10 * entryCost, policy: policy) { _ in entryCost }
            for key in trace.prefix(1 << 20) where cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
            return cache
        }
    }

    /// Runs `operations` operations on `cache`, taking keys from `trace` (whose count is a power of two) from
    /// `offset` on, wrapping around; returns the number of hits (so that no lookup can be optimised away).
    /// put: every operation inserts its key; 90/10: every tenth does and the others look it up.
    @inline(never)
    public func run(on cache: LRUCache<Int, Int>, trace: [Int], operations: Int, offset: Int) -> Int {
        var found = 0
        let mask = trace.count - 1
        switch self {
        case .getHit:
            for i in 0..<operations where cache.value(forKey: trace[(offset &+ i) & mask]) != nil { found &+= 1 }
        case .put:
            for i in 0..<operations {
                let key = trace[(offset &+ i) & mask]
                cache.insert(key, forKey: key)
            }
        case .mix:
            for i in 0..<operations {
                let key = trace[(offset &+ i) & mask]
                if i % 10 == 0 {
                    cache.insert(key, forKey: key)
                } else if cache.value(forKey: key) != nil {
                    found &+= 1
                }
            }
        }
        return found
    }
}
