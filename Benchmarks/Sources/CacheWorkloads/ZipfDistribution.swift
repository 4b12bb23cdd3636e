import Foundation

/// Zipf-distributed ranks in `0..<count`: rank r is drawn with probability proportional to 1 / (r + 1)^s.
///
/// Sampling inverts a precomputed cumulative table by binary search (exact, O(log n) per draw), which is fine
/// for building traces ahead of a measurement.
public struct ZipfDistribution: Sendable {
    public let count: Int
    public let exponent: Double
    private let cumulative: [Double]

    public init(count: Int, exponent: Double) {
        precondition(count > 0)
        self.count = count
        self.exponent = exponent
        var cumulative = [Double](repeating: 0, count: count)
        var sum = 0.0
        for rank in 0..<count {
            sum += 1.0 / pow(Double(rank + 1), exponent)
            cumulative[rank] = sum
        }
        for rank in 0..<count { cumulative[rank] /= sum }
        self.cumulative = cumulative
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> Int {
        let u = Double.random(in: 0..<1, using: &generator)
        var low = 0
        var high = count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// `length` draws, each mapped through a fixed random permutation of the ranks so that popular keys are
    /// scattered over the key space (as real asset ids are) instead of being the smallest integers.
    public func trace(length: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var permutation = Array(0..<count)
        permutation.shuffle(using: &generator)
        return (0..<length).map { _ in permutation[sample(using: &generator)] }
    }
}
