import CFFmpeg

/// The audio half of a pipeline: decode → resample / re-layout → FIFO → fixed-size frames → encode → mux.
///
/// Sample positions are counted at the output rate on the presentation clock shared with video
/// (anchored at the first decoded frame, then contiguous). Only samples in `feed` reach the
/// encoder and only packets whose timestamps fall in `keep` are written, which lets an HLS segment
/// start with real audio context (no encoder priming inside the stream) and end exactly on its boundary.
final class AudioLane {
    let inputStreamIndex: Int32
    private let decoder: CodecContext
    private let encoder: CodecContext
    private let resampler: AudioResampler
    private let fifo: AudioFIFO
    private var outputStream: UnsafeMutablePointer<AVStream>!
    private let inputTimeBase: AVRational
    private let origin: Int64
    private let sampleRate: Int32
    private let frameSize: Int32
    private let feed: Range<Int64>
    private let keep: Range<Int64>
    private var fifoStart: Int64? = nil
    private let decoded: Frame
    private let encoded: Packet
    /// Set once every sample up to the end of `feed` has reached the encoder.
    private(set) var reachedEnd = false

    init(
        input: MediaInput, streamIndex: Int32, audio: TranscodeProfile.Audio, output: MediaOutput,
        window: ((Int32, Int32) -> (feed: Range<Int64>, keep: Range<Int64>))?
    ) throws(TranscodeError) {
        inputStreamIndex = streamIndex
        let stream = input.stream(streamIndex)
        decoder = try CodecContext.decoder(for: stream, path: input.path)
        encoder = try CodecContext.audioEncoder(audio, globalHeader: output.needsGlobalHeader)
        let layout = ChannelLayout(channels: Int32(audio.channels))
        resampler = try AudioResampler(
            input: decoder.pointer, outputFormat: encoder.pointer.pointee.sample_fmt, outputLayout: layout,
            outputRate: Int32(audio.sampleRate))
        fifo = try AudioFIFO(format: encoder.pointer.pointee.sample_fmt, channels: Int32(audio.channels))
        inputTimeBase = stream.pointee.time_base
        origin = av_rescale_q(input.startTime, AVRational(num: 1, den: AV_TIME_BASE), inputTimeBase)
        sampleRate = Int32(audio.sampleRate)
        frameSize = encoder.audioFrameSize
        let ranges = window?(frameSize, encoder.pointer.pointee.initial_padding)
        feed = ranges?.feed ?? Int64.min..<Int64.max
        keep = ranges?.keep ?? Int64.min..<Int64.max
        decoded = try Frame()
        encoded = try Packet()
        outputStream = try output.addStream(for: encoder)
    }

    /// Output samples per encoded frame.
    var encoderFrameSize: Int32 { frameSize }

    /// Presentation time (s) of the next sample to encode, for progress.
    var position: Double { Double(fifoStart ?? 0) / Double(sampleRate) }

    func decode(_ packet: Packet, into output: MediaOutput) throws(TranscodeError) {
        guard !reachedEnd else { return }
        while !decoder.send(packet: packet) {
            try receiveFrames(into: output)
        }
        try receiveFrames(into: output)
    }

    func finish(into output: MediaOutput) throws(TranscodeError) {
        if !reachedEnd {
            _ = decoder.send(packet: nil)
            try receiveFrames(into: output)
            if fifoStart != nil {
                try resampler.convert(nil, into: fifo)
                try pump(final: true, into: output)
            }
        }
        try encoder.send(frame: nil)
        try drainEncoder(into: output)
    }

    private func receiveFrames(into output: MediaOutput) throws(TranscodeError) {
        while !reachedEnd && decoder.receive(frame: decoded) {
            defer { decoded.unref() }
            if fifoStart == nil {
                let timestamp = decoded.pointer.pointee.best_effort_timestamp
                fifoStart =
                    timestamp == LibAV.noPTS
                    ? 0
                    : av_rescale_q_rnd(
                        LibAV.difference(timestamp, origin), inputTimeBase, AVRational(num: 1, den: sampleRate), AV_ROUND_NEAR_INF)
            }
            try resampler.convert(decoded, into: fifo)
            try pump(final: false, into: output)
        }
    }

    /// Moves whole encoder frames from the FIFO to the encoder, trimming to `feed`.
    private func pump(final: Bool, into output: MediaOutput) throws(TranscodeError) {
        guard var start = fifoStart else { return }
        defer { fifoStart = start }
        while true {
            if start < feed.lowerBound {
                let drop = Int32(clamping: min(Int64(fifo.count), LibAV.difference(feed.lowerBound, start)))
                fifo.drain(drop)
                start = LibAV.sum(start, Int64(drop))
            }
            if start >= feed.upperBound {
                fifo.drain(fifo.count)
                reachedEnd = true
                return
            }
            let available = fifo.count
            guard available >= frameSize || (final && available > 0) else { return }
            var samples = min(frameSize, available)
            // Never feed past the window's end.
            samples = Int32(clamping: min(Int64(samples), LibAV.difference(feed.upperBound, start)))
            let frameSamples = samples < frameSize && !encoder.acceptsSmallLastFrame ? frameSize : samples
            let frame = try Frame.audio(
                samples: frameSamples, format: resampler.outputFormat, layout: resampler.outputLayout,
                sampleRate: sampleRate)
            try fifo.read(into: frame, samples: samples)
            if frameSamples > samples {
                av_samples_set_silence(
                    frame.pointer.pointee.extended_data, samples, frameSamples - samples,
                    resampler.outputLayout.channels, resampler.outputFormat)
            }
            frame.pointer.pointee.pts = start
            start = LibAV.sum(start, Int64(samples))
            try encoder.send(frame: frame)
            try drainEncoder(into: output)
        }
    }

    private func drainEncoder(into output: MediaOutput) throws(TranscodeError) {
        let encoderTimeBase = encoder.pointer.pointee.time_base
        while try encoder.receive(packet: encoded) {
            let pts = encoded.pointer.pointee.pts
            guard pts == LibAV.noPTS || keep.contains(pts) else {
                encoded.unref()
                continue
            }
            av_packet_rescale_ts(encoded.pointer, encoderTimeBase, outputStream.pointee.time_base)
            encoded.pointer.pointee.stream_index = outputStream.pointee.index
            try output.write(encoded)
        }
    }
}
