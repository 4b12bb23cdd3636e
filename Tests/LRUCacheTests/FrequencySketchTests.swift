import Testing

@testable import LRUCache

@Suite("FrequencySketch")
struct FrequencySketchTests {
    @Test("counts requests per key, saturates at 15, and halves with age")
    func countsAndAges() {
        var sketch = FrequencySketch(expectedEntries: 64)
        for _ in 0..<5 { sketch.increment(1) }
        sketch.increment(2)
        #expect(sketch.frequency(1) >= 5)
        #expect(sketch.frequency(2) >= 1)
        #expect(sketch.frequency(1) > sketch.frequency(2))
        for _ in 0..<100 { sketch.increment(3) }
        #expect(sketch.frequency(3) == 15)
        // 40 × width additions trigger halving; key 3 then drops below saturation.
        for key in 1_000..<(1_000 + 40 * 64) { sketch.increment(key) }
        #expect(sketch.frequency(3) < 15)
    }

    /// A crawler requests every key of a large collection once: with far more keys than counters, other keys'
    /// requests pile up on every counter. Adding one to each of a key's counters leaves a never-requested key
    /// looking requested 5 times on average here; adding only to those at the minimum, about 3.2.
    @Test("one-off requests for many more keys than it has room for leave unseen keys' estimates low")
    func collisionsStayLow() {
        var sketch = FrequencySketch(expectedEntries: 64)
        // 64 words of 16 counters; 2,000 keys × 4 counters (below the 40 × 64 requests that halve everything).
        for key in 0..<2_000 { sketch.increment(key &* 7_919) }
        let unseen = (1_000_000..<1_001_000).map { sketch.frequency($0) }
        let mean = Double(unseen.reduce(0, +)) / Double(unseen.count)
        #expect(mean < 4, "an unseen key's estimate averages \(mean)")
        // A key requested 6 times more than the crowd still stands out.
        for _ in 0..<6 { sketch.increment(42) }
        #expect(sketch.frequency(42) >= 6)
    }
}
