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
}
