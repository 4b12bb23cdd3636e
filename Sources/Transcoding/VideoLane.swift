import CFFmpeg

/// The video half of a pipeline: decode → frame-rate grid → scale → encode → mux.
///
/// Every decoded picture is placed on the output frame-rate grid (`n = round(t · fps)`, `t` on the
/// presentation clock shared with audio). The first picture landing on a grid slot is kept and later
/// ones are dropped (a frame-rate cap and variable-frame-rate sources both come out as clean grid
/// timestamps). Only frames in `frames` are encoded, so a segment holds exactly its own frames.
final class VideoLane {
    let inputStreamIndex: Int32
    private let decoder: CodecContext
    private let encoder: CodecContext
    private let scaler: VideoScaler
    private var outputStream: UnsafeMutablePointer<AVStream>!
    private let inputTimeBase: AVRational
    private let encoderTimeBase: AVRational
    private let origin: Int64
    private let frames: Range<Int64>
    private let keyframeInterval: Int64
    private var lastFrameNumber = Int64.min
    private var lastKeyframeGroup = Int64.min
    private let decoded: Frame
    private let encoded: Packet
    /// Set once a frame at or beyond the end of `frames` has been decoded.
    private(set) var reachedEnd = false
    /// Presentation time (s) of the newest encoded frame, for progress.
    private(set) var position: Double = 0

    init(
        input: MediaInput, streamIndex: Int32, video: TranscodeProfile.Video, output: MediaOutput,
        frames: Range<Int64>?
    ) throws(TranscodeError) {
        inputStreamIndex = streamIndex
        let stream = input.stream(streamIndex)
        decoder = try CodecContext.decoder(for: stream, path: input.path)
        let parameters = stream.pointee.codecpar.pointee
        var sar = parameters.sample_aspect_ratio
        if sar.num <= 0 || sar.den <= 0 { sar = stream.pointee.sample_aspect_ratio }
        let size = RenditionGeometry.fit(
            width: Int(parameters.width), height: Int(parameters.height),
            sampleAspect: sar.num > 0 && sar.den > 0 ? Double(sar.num) / Double(sar.den) : 1,
            maxWidth: video.maxWidth, maxHeight: video.maxHeight)
        let guessed = av_guess_frame_rate(input.context, stream, nil)
        let fps = RenditionGeometry.frameRate(
            sourceNumerator: Int(guessed.num), sourceDenominator: Int(guessed.den), cap: video.maxFrameRate)
        let interval = RenditionGeometry.keyframeInterval(seconds: video.keyframeIntervalSeconds, fps: fps)
        encoder = try CodecContext.videoEncoder(
            video, width: size.width, height: size.height, fps: fps, keyframeInterval: interval,
            globalHeader: output.needsGlobalHeader)
        scaler = try VideoScaler(width: Int32(size.width), height: Int32(size.height), format: AV_PIX_FMT_YUV420P)
        inputTimeBase = stream.pointee.time_base
        encoderTimeBase = encoder.pointer.pointee.time_base
        origin = av_rescale_q(input.startTime, AVRational(num: 1, den: AV_TIME_BASE), inputTimeBase)
        self.frames = frames ?? 0..<Int64.max
        keyframeInterval = Int64(interval)
        decoded = try Frame()
        encoded = try Packet()
        outputStream = try output.addStream(for: encoder)
        outputStream.pointee.avg_frame_rate = encoder.pointer.pointee.framerate
    }

    /// The output picture size.
    var outputSize: (width: Int32, height: Int32) { (encoder.pointer.pointee.width, encoder.pointer.pointee.height) }

    /// Decodes `packet` and encodes every picture it yields.
    func decode(_ packet: Packet, into output: MediaOutput) throws(TranscodeError) {
        while !decoder.send(packet: packet) {
            // The decoder is full: take pictures out, then retry the same packet.
            try receiveFrames(into: output)
        }
        try receiveFrames(into: output)
    }

    /// Drains the decoder and the encoder at the end of input.
    func finish(into output: MediaOutput) throws(TranscodeError) {
        _ = decoder.send(packet: nil)
        try receiveFrames(into: output)
        try encoder.send(frame: nil)
        try drainEncoder(into: output)
    }

    private func receiveFrames(into output: MediaOutput) throws(TranscodeError) {
        while decoder.receive(frame: decoded) {
            defer { decoded.unref() }
            try encode(decoded, into: output)
        }
    }

    private func encode(_ frame: Frame, into output: MediaOutput) throws(TranscodeError) {
        let timestamp = frame.pointer.pointee.best_effort_timestamp
        let number: Int64
        if timestamp == LibAV.noPTS {
            number = lastFrameNumber == Int64.min ? 0 : LibAV.sum(lastFrameNumber, 1)
        } else {
            number = av_rescale_q_rnd(LibAV.difference(timestamp, origin), inputTimeBase, encoderTimeBase, AV_ROUND_NEAR_INF)
        }
        // One picture per grid slot: later pictures on a slot already taken are dropped.
        // A picture on the last slot of all has no successor slot: stop there rather than count past the end.
        guard number > lastFrameNumber, number < Int64.max else { return }
        lastFrameNumber = number
        guard number >= frames.lowerBound else { return }
        guard number < frames.upperBound else {
            reachedEnd = true
            return
        }
        let picture = scaler.passesThrough(frame) ? frame : try scaler.scale(frame)
        picture.pointer.pointee.pts = number
        let group = number / keyframeInterval
        // A keyframe at every interval boundary and at the first frame (the start of a segment).
        picture.pointer.pointee.pict_type = group != lastKeyframeGroup ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        lastKeyframeGroup = group
        try encoder.send(frame: picture)
        position = Double(number) * Double(encoderTimeBase.num) / Double(encoderTimeBase.den)
        try drainEncoder(into: output)
    }

    private func drainEncoder(into output: MediaOutput) throws(TranscodeError) {
        while try encoder.receive(packet: encoded) {
            av_packet_rescale_ts(encoded.pointer, encoderTimeBase, outputStream.pointee.time_base)
            encoded.pointer.pointee.stream_index = outputStream.pointee.index
            try output.write(encoded)
        }
    }
}
