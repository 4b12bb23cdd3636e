/// Pure arithmetic placing HLS segment `index` on the source's clock, so that independently
/// made segments tile exactly: every output video frame and every audio frame belongs to exactly one segment.
///
/// Video frames are numbered on the output frame-rate grid (frame `n` shows at `n / fps`);
/// segment `i` holds frames `[ceil(i·S·fps), ceil((i+1)·S·fps))`. Audio is cut on the encoder's
/// frame grid (`frameSize` samples, 1024 for AAC) so no packet straddles a boundary: segment `i`
/// holds samples `[floor(i·S·rate / frameSize)·frameSize, …)` of the next boundary — at most one
/// audio frame (21 ms) away from the video boundary.
public struct SegmentTiming: Sendable, Hashable {
    public let index: Int
    public let segmentSeconds: Int
    /// First and one-past-last output video frame numbers.
    public let videoFrames: Range<Int64>
    /// First and one-past-last audio sample positions (at the output sample rate).
    public let audioSamples: Range<Int64>

    public init(index: Int, segmentSeconds: Int, fps: (num: Int, den: Int), sampleRate: Int, audioFrameSize: Int) {
        self.index = index
        self.segmentSeconds = segmentSeconds
        func frameBoundary(_ i: Int) -> Int64 {
            // ceil(i * S * num / den) in integers.
            let numerator = Int64(i) * Int64(segmentSeconds) * Int64(fps.num)
            let den = Int64(fps.den)
            return (numerator + den - 1) / den
        }
        func sampleBoundary(_ i: Int) -> Int64 {
            let samples = Int64(i) * Int64(segmentSeconds) * Int64(sampleRate)
            let frame = Int64(max(1, audioFrameSize))
            return samples / frame * frame
        }
        videoFrames = frameBoundary(index)..<frameBoundary(index + 1)
        audioSamples = sampleBoundary(index)..<sampleBoundary(index + 1)
    }

    /// The segment's nominal start in seconds.
    public var startSeconds: Double { Double(index * segmentSeconds) }
}
