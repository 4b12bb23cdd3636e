import HeapModule

/// Bélády's offline optimum for unit-cost entries: on a miss with a full cache, evict whichever of the cached
/// keys and the new key is next requested furthest in the future (the new key may thus not be admitted).
/// No online policy can have a higher hit ratio on the same trace.
enum BeladyOptimum {
    private struct Entry: Comparable {
        var nextUse: Int
        var key: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.nextUse, a.key) < (b.nextUse, b.key) }
    }

    static func hitRatio(trace: [Int], capacity: Int) -> Double {
        guard !trace.isEmpty, capacity > 0 else { return 0 }
        // nextUse[i]: index of the next request for trace[i] after i, or Int.max.
        var nextUse = [Int](repeating: Int.max, count: trace.count)
        var lastSeen: [Int: Int] = [:]
        for i in stride(from: trace.count - 1, through: 0, by: -1) {
            nextUse[i] = lastSeen[trace[i]] ?? Int.max
            lastSeen[trace[i]] = i
        }
        var cached: [Int: Int] = [:]  // key -> its next use (the live heap entry)
        var heap = Heap<Entry>()
        var hits = 0
        for (i, key) in trace.enumerated() {
            if cached[key] != nil {
                hits += 1
                cached[key] = nextUse[i]
                heap.insert(Entry(nextUse: nextUse[i], key: key))
                continue
            }
            if cached.count >= capacity {
                // Drop stale heap entries (keys re-requested since, or evicted).
                while let top = heap.max, cached[top.key] != top.nextUse { heap.removeMax() }
                guard let furthest = heap.max else { continue }
                if furthest.nextUse <= nextUse[i] { continue }  // the new key is needed last: bypass it
                heap.removeMax()
                cached[furthest.key] = nil
            }
            cached[key] = nextUse[i]
            heap.insert(Entry(nextUse: nextUse[i], key: key))
        }
        return Double(hits) / Double(trace.count)
    }
}
