import Testing
import Transcoding

@Suite("Geometry, segment timing and playlists")
struct PureTimingTests {
    static let sizes: [(source: (Int, Int), sar: Double, max: (Int, Int), expected: (Int, Int))] = [
        ((1280, 720), 1, (1280, 720), (1280, 720)),
        ((1920, 1080), 1, (1280, 720), (1280, 720)),
        ((1280, 720), 1, (854, 480), (854, 480)),
        ((719, 405), 1, (854, 480), (718, 404)),  // never upscaled, made even
        ((719, 405), 1, (1280, 720), (718, 404)),
        ((640, 480), 1, (854, 480), (640, 480)),
        ((3840, 2160), 1, (854, 480), (854, 480)),
        ((1080, 1920), 1, (1280, 720), (406, 720)),  // portrait fits the height
        ((720, 576), 16.0 / 15.0, (1280, 720), (768, 576)),  // anamorphic PAL → square pixels
        ((2, 2), 1, (1280, 720), (2, 2)),
    ]

    @Test("fit keeps the aspect, never upscales and makes sides even", arguments: sizes)
    func fit(source: (Int, Int), sar: Double, max: (Int, Int), expected: (Int, Int)) {
        let size = RenditionGeometry.fit(
            width: source.0, height: source.1, sampleAspect: sar, maxWidth: max.0, maxHeight: max.1)
        #expect(size.width == expected.0 && size.height == expected.1, "got \(size)")
        #expect(size.width % 2 == 0 && size.height % 2 == 0)
        #expect(size.width <= max.0 && size.height <= max.1)
    }

    @Test("frame rate is capped, slower sources keep theirs")
    func frameRate() {
        #expect(RenditionGeometry.frameRate(sourceNumerator: 60, sourceDenominator: 1, cap: 30) == (30, 1))
        #expect(RenditionGeometry.frameRate(sourceNumerator: 30000, sourceDenominator: 1001, cap: 30) == (30000, 1001))
        #expect(RenditionGeometry.frameRate(sourceNumerator: 25, sourceDenominator: 1, cap: 30) == (25, 1))
        #expect(RenditionGeometry.frameRate(sourceNumerator: 0, sourceDenominator: 0, cap: 30) == (30, 1))
        #expect(RenditionGeometry.keyframeInterval(seconds: 2, fps: (30, 1)) == 60)
        #expect(RenditionGeometry.keyframeInterval(seconds: 2, fps: (30000, 1001)) == 60)
    }

    @Test("segments tile the frame and AAC-frame grids with no gap and no overlap")
    func segmentsTile() {
        for (fps, rate) in [((30, 1), 48000), ((30000, 1001), 44100), ((25, 1), 48000)] {
            var previous: SegmentTiming? = nil
            for index in 0..<50 {
                let timing = SegmentTiming(index: index, segmentSeconds: 4, fps: fps, sampleRate: rate, audioFrameSize: 1024)
                #expect(timing.audioSamples.lowerBound % 1024 == 0)
                // Audio boundaries stay within one AAC frame of the nominal time.
                #expect(abs(Double(timing.audioSamples.lowerBound) / Double(rate) - timing.startSeconds) < 1024.0 / Double(rate))
                if let previous {
                    #expect(previous.videoFrames.upperBound == timing.videoFrames.lowerBound)
                    #expect(previous.audioSamples.upperBound == timing.audioSamples.lowerBound)
                } else {
                    #expect(timing.videoFrames.lowerBound == 0 && timing.audioSamples.lowerBound == 0)
                }
                previous = timing
            }
        }
        #expect(SegmentTiming(index: 3, segmentSeconds: 4, fps: (30, 1), sampleRate: 48000, audioFrameSize: 1024).videoFrames == 360..<480)
    }

    @Test("the VOD playlist lists every segment at once")
    func playlist() {
        let text = HLSPlaylist.make(duration: 10.5, segmentSeconds: 4) { "\($0).ts?sig=abc" }
        #expect(
            text == """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                #EXTINF:4.000,
                0.ts?sig=abc
                #EXTINF:4.000,
                1.ts?sig=abc
                #EXTINF:2.500,
                2.ts?sig=abc
                #EXT-X-ENDLIST

                """)
        #expect(HLSPlaylist.segmentCount(duration: 20, segmentSeconds: 4) == 5)
        #expect(HLSPlaylist.segmentCount(duration: 20.0004, segmentSeconds: 4) == 5)
        #expect(HLSPlaylist.segmentCount(duration: 0, segmentSeconds: 4) == 0)
    }
}
