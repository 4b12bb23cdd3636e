import CacheWorkloads
import Dispatch
import Glibc
import LRUCache
import Synchronization

// Quick get-hit and 90/10 get/put loops without the benchmark harness: ns per operation on 1 and 2 threads, by
// wall clock and by the threads' own CPU time (which is what "per core" means when other processes share the two
// cores), as medians of rounds that alternate between one and two threads, and the two-thread speed-up.
// get-hit: every key cached; 1M keys is the workload (memory-latency bound), 10k keys fit in the L2 cache
// and show the CPU cost. 90/10: every tenth operation inserts its key, into a cache that holds 10 % of 1M keys;
// put-with-eviction: every operation does, into the same size of cache.
//   swift run -c release --package-path Benchmarks CacheQuick

func threadCPUNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

func format(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

func measure(_ workload: ThroughputWorkload, keyCount: Int) {
    let trace = ZipfDistribution(count: keyCount, exponent: 0.99).trace(length: 1 << 22, seed: 42)
    for policy in [EvictionPolicy.lru, .segmented] {
        let cache = workload.makeCache(policy: policy, keyCount: keyCount, trace: trace)
        _ = workload.run(on: cache, trace: trace, operations: 4_000_000, offset: 0)
        // One-thread and two-thread rounds alternate, so that the machine's slow and fast spells (other tenants
        // of the host) fall on both alike and the ratio between them means something.
        let operations = 4_000_000
        var wall: [Int: [Double]] = [:]
        var cpu: [Int: [Double]] = [:]
        for _ in 0..<7 {
            for threads in [1, 2] {
                let used = Mutex(0.0)
                let start = DispatchTime.now().uptimeNanoseconds
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    let before = threadCPUNanoseconds()
                    _ = workload.run(on: cache, trace: trace, operations: operations / threads, offset: t * (trace.count / 2))
                    let spent = threadCPUNanoseconds() - before
                    used.withLock { $0 += spent }
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                wall[threads, default: []].append(elapsed / Double(operations))
                cpu[threads, default: []].append(used.withLock { $0 } / Double(operations))
            }
        }
        let name = policy == .lru ? "lru" : "segmented"
        for threads in [1, 2] {
            let w = median(wall[threads]!)
            let c = median(cpu[threads]!)
            print(
                "\(keyCount) keys, \(workload.rawValue) \(name) \(threads) thread(s): wall \(format(w)) ns/op = "
                    + "\(format(1_000 / w)) M/s total; CPU \(format(c)) ns/op = \(format(1_000 / c)) M/s per busy core")
        }
        print(
            "\(keyCount) keys, \(workload.rawValue) \(name): two threads give \(format(median(wall[1]!) / median(wall[2]!)))x "
                + "one thread's throughput (medians of 7 alternating rounds)")
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

for keyCount in [1_000_000, 10_000] { measure(.getHit, keyCount: keyCount) }
measure(.mix, keyCount: 1_000_000)
measure(.put, keyCount: 1_000_000)
