/// The request traces the hit-ratio table is measured on. Keys are `Int`s in `0..<keyCount`; every trace is
/// deterministic for a given seed.
public enum AccessTrace {
    /// (a) Independent Zipf(`exponent`) requests.
    public static func zipf(keyCount: Int, length: Int, exponent: Double, seed: UInt64) -> [Int] {
        ZipfDistribution(count: keyCount, exponent: exponent).trace(length: length, seed: seed)
    }

    /// (b) Zipf requests with a full scan of every key, in key order, after each `scanEvery` Zipf requests —
    /// one patron downloading the whole collection while everyone else reads the popular items.
    public static func zipfWithScans(
        keyCount: Int, length: Int, exponent: Double, scanEvery: Int, seed: UInt64
    ) -> [Int] {
        let zipf = ZipfDistribution(count: keyCount, exponent: exponent).trace(length: length, seed: seed)
        var trace: [Int] = []
        trace.reserveCapacity(length)
        var next = 0
        while trace.count < length {
            let end = min(next + scanEvery, zipf.count)
            trace += zipf[next..<end]
            next = end
            trace += 0..<keyCount
        }
        return Array(trace.prefix(length))
    }

    /// (b′) Zipf requests with a scan of `scanLength` *fresh* keys (never requested before or after, numbered from
    /// `keyCount` upwards) after each `scanEvery` Zipf requests — a patron downloading a whole collection nobody
    /// else reads, which is what scan resistance is for. Unlike (b), the scanned keys cannot be hits for anyone.
    public static func zipfWithFreshScans(
        keyCount: Int, length: Int, exponent: Double, scanEvery: Int, scanLength: Int, seed: UInt64
    ) -> [Int] {
        let zipf = ZipfDistribution(count: keyCount, exponent: exponent).trace(length: length, seed: seed)
        var trace: [Int] = []
        trace.reserveCapacity(length)
        var next = 0
        var fresh = keyCount
        while trace.count < length {
            let end = min(next + scanEvery, zipf.count)
            trace += zipf[next..<end]
            next = end
            trace += fresh..<(fresh + scanLength)
            fresh += scanLength
        }
        return Array(trace.prefix(length))
    }

    /// (b) with the scans running *alongside* the Zipf requests, as a harvester or one patron's bulk download
    /// runs while everyone else goes on reading: after each `scanEvery` Zipf requests alone, a scan of every key,
    /// in key order, is interleaved with the Zipf requests, `scanRate` scan requests to one Zipf request, until the
    /// scan is through. A scan that runs alongside takes cache space from the hot keys for its whole length, where
    /// one between bursts only costs the hot keys one refill.
    public static func zipfWithConcurrentScans(
        keyCount: Int, length: Int, exponent: Double, scanEvery: Int, scanRate: Int, seed: UInt64
    ) -> [Int] {
        precondition(scanRate > 0)
        let zipf = ZipfDistribution(count: keyCount, exponent: exponent).trace(length: length, seed: seed)
        var trace: [Int] = []
        trace.reserveCapacity(length)
        var next = 0
        while trace.count < length, next < zipf.count {
            let end = min(next + scanEvery, zipf.count)
            trace += zipf[next..<end]
            next = end
            for key in 0..<keyCount {
                trace.append(key)
                if (key + 1) % scanRate == 0, next < zipf.count {
                    trace.append(zipf[next])
                    next += 1
                }
            }
        }
        return Array(trace.prefix(length))
    }

    /// (c) A loop over the same `loopLength` keys again and again (a periodic batch job, a client re-reading a
    /// playlist of segments).
    public static func loop(loopLength: Int, length: Int) -> [Int] {
        (0..<length).map { $0 % loopLength }
    }
}
