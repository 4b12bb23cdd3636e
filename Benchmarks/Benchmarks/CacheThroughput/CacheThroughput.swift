import Benchmark
import CacheWorkloads
import Dispatch
import LRUCache

// Throughput of the memory tier on Zipf(0.99) keys over 1M keys, with small values (an Int, weighed 64 bytes).
// Each benchmark iteration performs 1M operations (scaling factor .mega), split evenly over 1 or 2 threads,
// so "throughput" reads directly as millions of operations per second for the whole cache.
//   swift package --package-path Benchmarks benchmark

let keyCount = 1_000_000

/// Fixtures are built once, lazily, in the benchmarks' setup hooks, never inside a measurement.
enum Fixtures {
    static let trace = ZipfDistribution(count: keyCount, exponent: 0.99).trace(length: 1 << 22, seed: 42)

    static let fullLRU = ThroughputWorkload.getHit.makeCache(policy: .lru, keyCount: keyCount, trace: trace)
    static let fullSegmented = ThroughputWorkload.getHit.makeCache(policy: .segmented, keyCount: keyCount, trace: trace)
    static let smallLRU = ThroughputWorkload.put.makeCache(policy: .lru, keyCount: keyCount, trace: trace)
    static let smallSegmented = ThroughputWorkload.put.makeCache(policy: .segmented, keyCount: keyCount, trace: trace)
    static let mixLRU = ThroughputWorkload.mix.makeCache(policy: .lru, keyCount: keyCount, trace: trace)
    static let mixSegmented = ThroughputWorkload.mix.makeCache(policy: .segmented, keyCount: keyCount, trace: trace)
}

func cache(for workload: ThroughputWorkload, _ policy: EvictionPolicy) -> LRUCache<Int, Int> {
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

    for workload in ThroughputWorkload.allCases {
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
                        blackHole(workload.run(on: target, trace: Fixtures.trace, operations: operations, offset: start))
                    } else {
                        DispatchQueue.concurrentPerform(iterations: threads) { t in
                            blackHole(
                                workload.run(
                                    on: target, trace: Fixtures.trace, operations: operations / threads,
                                    offset: start + t * (Fixtures.trace.count / threads)))
                        }
                    }
                } setup: {
                    _ = cache(for: workload, policy)
                }
            }
        }
    }
}
