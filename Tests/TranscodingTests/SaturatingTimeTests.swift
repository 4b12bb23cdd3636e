import Testing

@testable import Transcoding

/// Timestamps and durations come from the file: arithmetic on them saturates rather than trapping.
@Suite struct SaturatingTimeTests {
    @Test(arguments: [
        (Int64.max, -1, Int64.max), (Int64.min, 1, Int64.min), (Int64.max, Int64.min, Int64.max), (5, 3, 2),
        (-5, Int64.max, Int64.min),
    ] as [(Int64, Int64, Int64)])
    func difference(a: Int64, b: Int64, expected: Int64) {
        #expect(LibAV.difference(a, b) == expected)
    }

    @Test(arguments: [(Int64.max, 1, Int64.max), (Int64.min, -1, Int64.min), (2, 3, 5)] as [(Int64, Int64, Int64)])
    func sum(a: Int64, b: Int64, expected: Int64) {
        #expect(LibAV.sum(a, b) == expected)
    }

    @Test func doublesOutOfRangeClamp() {
        #expect(LibAV.clamped(.infinity) == .max)
        #expect(LibAV.clamped(-.infinity) == .min)
        #expect(LibAV.clamped(.nan) == 0)
        #expect(LibAV.clamped(1e300) == .max)
        #expect(LibAV.clamped(-1e300) == .min)
        #expect(LibAV.clamped(42.9) == 42)
    }

    @Test func segmentCountsOfWildDurationsDoNotTrap() {
        #expect(HLSPlaylist.segmentCount(duration: .infinity, segmentSeconds: 6) == 0)
        #expect(HLSPlaylist.segmentCount(duration: .nan, segmentSeconds: 6) == 0)
        #expect(HLSPlaylist.segmentCount(duration: 1e300, segmentSeconds: 6) == Int(Int32.max))
        #expect(HLSPlaylist.segmentCount(duration: 12, segmentSeconds: 6) == 2)
    }
}
