import CFFmpeg

/// One run of demux → decode → scale/resample → encode → mux, for a whole rendition or one HLS segment.
/// Runs synchronously on the calling thread (a dedicated transcode thread, never an event loop).
struct TranscodePipeline {
    /// Which part of the source to make.
    enum Span {
        /// The whole file, timestamps from zero.
        case whole
        /// HLS segment `index` of `seconds` seconds, timestamps equal to source times (+1.4 s, see ``SegmentMaker``).
        case segment(index: Int, seconds: Int)
    }

    /// Seconds decoded before a segment's start so audio has real context and video a keyframe.
    static let segmentPreroll = 0.5

    static func run(
        input: MediaInput, profile: TranscodeProfile, output: MediaOutput, span: Span,
        headerOptions: [String: String], progress: (Double) -> Void, isCancelled: () -> Bool
    ) throws(TranscodeError) {
        if profile.video != nil && input.videoStreamIndex == nil {
            throw TranscodeError(
                .unsuitableProfile,
                "\(input.path): has no video stream, so video profile '\(profile.name)' cannot be made; ask for an audio profile such as audio-aac-96k")
        }
        if profile.video == nil && input.audioStreamIndex == nil {
            throw TranscodeError(
                .unsuitableProfile,
                "\(input.path): has no audio stream, so audio profile '\(profile.name)' cannot be made; ask for a video profile")
        }
        var segmentTiming: SegmentTiming? = nil
        var video: VideoLane? = nil
        if let settings = profile.video, let index = input.videoStreamIndex {
            var frames: Range<Int64>? = nil
            if case .segment(let number, let seconds) = span {
                let stream = input.stream(index)
                let guessed = av_guess_frame_rate(input.context, stream, nil)
                let fps = RenditionGeometry.frameRate(
                    sourceNumerator: Int(guessed.num), sourceDenominator: Int(guessed.den), cap: settings.maxFrameRate)
                let timing = SegmentTiming(
                    index: number, segmentSeconds: seconds, fps: fps, sampleRate: profile.audio?.sampleRate ?? 48000,
                    audioFrameSize: 1)
                frames = timing.videoFrames
                segmentTiming = timing
            }
            video = try VideoLane(input: input, streamIndex: index, video: settings, output: output, frames: frames)
        }
        var audio: AudioLane? = nil
        if let settings = profile.audio, let index = input.audioStreamIndex {
            var window: ((Int32, Int32) -> (feed: Range<Int64>, keep: Range<Int64>))? = nil
            if case .segment(let number, let seconds) = span {
                window = { frameSize, padding in
                    Self.audioWindow(
                        index: number, seconds: seconds, sampleRate: settings.sampleRate, frameSize: Int(frameSize),
                        padding: Int(padding))
                }
            }
            audio = try AudioLane(input: input, streamIndex: index, audio: settings, output: output, window: window)
        }
        try output.writeHeader(options: headerOptions)

        var start = 0.0
        var length = input.durationSeconds ?? 0
        if case .segment(let number, let seconds) = span {
            start = Double(number * seconds)
            length = Double(seconds)
            if number > 0 { try input.seek(toSeconds: max(0, start - segmentPreroll)) }
        }
        _ = segmentTiming
        let packet = try Packet()
        var reported = -1.0
        while true {
            if isCancelled() { throw TranscodeError.cancelled }
            if (video?.reachedEnd ?? true) && (audio?.reachedEnd ?? true) && (video != nil || audio != nil) {
                if case .segment = span { break }
            }
            guard try input.read(into: packet) else { break }
            defer { packet.unref() }
            let streamIndex = packet.pointer.pointee.stream_index
            if let video, streamIndex == video.inputStreamIndex {
                try video.decode(packet, into: output)
            } else if let audio, streamIndex == audio.inputStreamIndex {
                try audio.decode(packet, into: output)
            }
            if length > 0 {
                let done = max(video?.position ?? 0, audio?.position ?? 0) - start
                let fraction = min(1, max(0, done / length))
                if fraction - reported >= 0.005 {
                    reported = fraction
                    progress(fraction)
                }
            }
        }
        try video?.finish(into: output)
        try audio?.finish(into: output)
        try output.finish()
        progress(1)
    }

    /// The samples fed to the encoder and the packets kept for segment `index` (see ``SegmentTiming``):
    /// feeding starts early enough that the first kept packet was coded with real audio before it,
    /// and packets straddling the next boundary belong to the next segment.
    static func audioWindow(
        index: Int, seconds: Int, sampleRate: Int, frameSize: Int, padding: Int
    ) -> (feed: Range<Int64>, keep: Range<Int64>) {
        let timing = SegmentTiming(
            index: index, segmentSeconds: seconds, fps: (1, 1), sampleRate: sampleRate, audioFrameSize: frameSize)
        let first = timing.audioSamples.lowerBound
        let end = timing.audioSamples.upperBound
        let lookahead = Int64(2 * frameSize + padding)
        if index == 0 {
            // The stream's own start: keep the encoder's priming packet as any file would.
            return (Int64.min..<(end + lookahead), Int64.min..<end)
        }
        // Input frame pts p yields packet pts p - padding; start on a frame grid aligned with `first`.
        let frames = Int64((2 * padding + frameSize - 1) / max(1, frameSize))
        let feedStart = first + Int64(padding) - frames * Int64(frameSize)
        return (feedStart..<(end + lookahead), first..<end)
    }
}
