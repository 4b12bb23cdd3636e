import CacheWorkloads
import Foundation
import LRUCache

// Prints the hit ratios of plain LRU, segmented LRU and Bélády's offline optimum on three traces at three
// cache sizes. Unit costs, one shard (exact global order), deterministic seeds.
// The trace (b), "Zipf mixed with periodic full scans", is measured three ways: full scans between bursts
// of Zipf requests, the same with keys nobody else reads, and a crawler that scans alongside the Zipf requests.
//   swift run -c release --package-path Benchmarks CacheHitRatio

let keyCount = 100_000
let length = 1_500_000
let sizes = [keyCount / 100, keyCount / 20, keyCount / 5]

func hitRatio(_ trace: [Int], capacity: Int, policy: EvictionPolicy) -> Double {
    let cache = LRUCache<Int, Int>(costLimit: capacity, shardCount: 1, policy: policy) { _ in 1 }
    for key in trace where cache.value(forKey: key) == nil {
        cache.insert(key, forKey: key)
    }
    return cache.statistics.hitRatio
}

let traces: [(name: String, trace: [Int])] = [
    ("(a) Zipf(0.9)", AccessTrace.zipf(keyCount: keyCount, length: length, exponent: 0.9, seed: 1)),
    (
        "(b) Zipf(0.9) + full scans",
        AccessTrace.zipfWithScans(keyCount: keyCount, length: length, exponent: 0.9, scanEvery: 200_000, seed: 2)
    ),
    (
        "(b') Zipf + fresh-key scans",
        AccessTrace.zipfWithFreshScans(
            keyCount: keyCount, length: length, exponent: 0.9, scanEvery: 200_000, scanLength: keyCount, seed: 2)
    ),
    (
        "(b2) crawler alongside, 1:1",
        AccessTrace.zipfWithConcurrentScans(
            keyCount: keyCount, length: length, exponent: 0.9, scanEvery: 0, scanRate: 1, seed: 2)
    ),
    (
        "(b2) crawler alongside, 4:1",
        AccessTrace.zipfWithConcurrentScans(
            keyCount: keyCount, length: length, exponent: 0.9, scanEvery: 0, scanRate: 4, seed: 2)
    ),
    ("(c) loop of 25k keys", AccessTrace.loop(loopLength: 25_000, length: length)),
]

func percent(_ x: Double) -> String { String(format: "%6.2f%%", x * 100) }
func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }

print("Hit ratios: \(keyCount) keys, \(length) requests per trace, unit costs, one shard.")
print("SLRU = segmented LRU (probation/protected 20/80, with TinyLFU admission filter, the default);")
print("SLRU-nf = the same without the filter; OPT = Bélády's offline optimum.")
print("(b) scans all \(keyCount) keys (the hot ones included) after every 200000 Zipf requests;")
print("(b') scans \(keyCount) fresh keys, never requested again, instead.")
print("(b2) a crawler walks all keys again and again while the Zipf requests go on: 1 or 4 of its requests")
print("     to each Zipf request.")
print("2xLRU = the issue's target for SLRU on (b)/(c); when OPT < 2xLRU no policy can reach it.\n")
let header = [pad("trace", 28), pad("cache", 12), pad("LRU", 8), pad("SLRU", 8), pad("SLRU-nf", 8), pad("OPT", 8),
              pad("2xLRU", 8), pad("SLRU/LRU", 12), "OPT/LRU"].joined(separator: " ")
print(header)
print(String(repeating: "-", count: header.count))
for (name, trace) in traces {
    for size in sizes {
        let lru = hitRatio(trace, capacity: size, policy: .lru)
        let slru = hitRatio(trace, capacity: size, policy: .segmented)
        let slruNoHistory = hitRatio(
            trace, capacity: size, policy: .segmented(protectedFraction: 0.8, usesAdmissionFilter: false))
        let optimum = BeladyOptimum.hitRatio(trace: trace, capacity: size)
        func times(_ x: Double) -> String {
            lru == 0 ? (x == 0 ? "1.00x" : "inf (LRU 0)") : String(format: "%.2fx", x / lru)
        }
        let sizeLabel = "\(size * 100 / keyCount)% (\(size))"
        print([pad(name, 28), pad(sizeLabel, 12), percent(lru), percent(slru), percent(slruNoHistory),
               percent(optimum), percent(min(1, 2 * lru)), pad(times(slru), 12), times(optimum)].joined(separator: "  "))
    }
}
