import Benchmark
import CacheWorkloads
import Dispatch
import LRUCache

// Throughput of the memory tier on Zipf(0.99) keys over 1M keys, with small values (an Int, weighed 64 bytes).
// Each benchmark iteration performs 1M operations (scaling factor .mega), split evenly over 1 or 2 threads,
// so "throughput" reads directly as millions of operations per second for the whole cache.
//   swift package --package-path Benchmarks benchmark

let keyCount = 1_000_000
let entryCost = 64

/// Fixtures are built once, lazily, in the benchmarks' setup hooks, never inside a measurement.
enum Fixtures {
    static let trace = ZipfDistribution(count: keyCount, exponent: 0.99).trace(length: 1 << 22, seed: 42)

    /// A cache holding every key: every lookup is a hit. Keys are inserted in the order the trace first asks
    /// for them (as a cache fills in service), then the never-requested rest.
    static func fullCache(_ policy: EvictionPolicy) -> LRUCache<Int, Int> {
        let cache = LRUCache<Int, Int>(costLimit: 2 * keyCount * entryCost, policy: policy) { _ in entryCost }
        for key in trace where cache.peek(forKey: key) == nil { cache.insert(key, forKey: key) }
        for key in 0..<keyCount where cache.peek(forKey: key) == nil { cache.insert(key, forKey: key) }
        return cache
    }

    /// A cache holding 10 % of the keys, warmed up on the trace.
    static func tenPercentCache(_ policy: EvictionPolicy) -> LRUCache<Int, Int> {
        let cache = LRUCache<Int, Int>(costLimit: keyCount / 10 * entryCost, policy: policy) { _ in entryCost }
        for key in trace.prefix(1 << 20) where cache.value(forKey: key) == nil { cache.insert(key, forKey: key) }
        return cache
    }

    static let fullLRU = fullCache(.lru)
    static let fullSegmented = fullCache(.segmented)
    static let smallLRU = tenPercentCache(.lru)
    static let smallSegmented = tenPercentCache(.segmented)
    static let mixLRU = tenPercentCache(.lru)
    static let mixSegmented = tenPercentCache(.segmented)
}

enum Workload: String, CaseIterable {
    case getHit = "get-hit"
    case put = "put-with-eviction"
    case mix = "get/put 90/10"
}

/// Runs `operations` operations of `workload` on `cache`, starting at `offset` in the trace.
@inline(never)
func run(_ workload: Workload, on cache: LRUCache<Int, Int>, operations: Int, offset: Int) {
    let trace = Fixtures.trace
    let mask = trace.count - 1
    var index = offset
    switch workload {
    case .getHit:
        for _ in 0..<operations {
            blackHole(cache.value(forKey: trace[index & mask]))
            index &+= 1
        }
    case .put:
        for _ in 0..<operations {
            let key = trace[index & mask]
            cache.insert(key, forKey: key)
            index &+= 1
        }
    case .mix:
        for i in 0..<operations {
            let key = trace[index & mask]
            if i % 10 == 0 {
                cache.insert(key, forKey: key)
            } else {
                blackHole(cache.value(forKey: key))
            }
            index &+= 1
        }
    }
}

func cache(for workload: Workload, _ policy: EvictionPolicy) -> LRUCache<Int, Int> {
    switch (workload, policy == .lru) {
    case (.getHit, true): Fixtures.fullLRU
    case (.getHit, false): Fixtures.fullSegmented
    case (.put, true): Fixtures.smallLRU
    case (.put, false): Fixtures.smallSegmented
    case (.mix, true): Fixtures.mixLRU
    case (.mix, false): Fixtures.mixSegmented
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(2),
        maxIterations: 50
    )

    for workload in Workload.allCases {
        for policy in [EvictionPolicy.lru, .segmented] {
            for threads in [1, 2] {
                let name = "\(workload.rawValue) \(policy == .lru ? "lru" : "segmented") \(threads) thread\(threads == 1 ? "" : "s")"
                // Synchronous, with the work split over threads by Dispatch rather than over Swift tasks: the
                // harness runs an `async` benchmark by blocking one of the cooperative pool's threads (one per
                // core) until it finishes, so on a two-core machine two tasks would share the one thread left and
                // run one after the other, measuring nothing about two cores.
                Benchmark(name) { benchmark in
                    let target = cache(for: workload, policy)
                    let operations = benchmark.scaledIterations.count
                    let start = Int.random(in: 0..<Fixtures.trace.count)
                    if threads == 1 {
                        run(workload, on: target, operations: operations, offset: start)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: threads) { t in
                            run(workload, on: target, operations: operations / threads,
                                offset: start + t * (Fixtures.trace.count / threads))
                        }
                    }
                } setup: {
                    _ = cache(for: workload, policy)
                }
            }
        }
    }
}
