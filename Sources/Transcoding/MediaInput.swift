import CFFmpeg

/// An opened input file: owns the demuxer's `AVFormatContext`, closed exactly once in `deinit`.
final class MediaInput {
    let path: String
    let context: UnsafeMutablePointer<AVFormatContext>
    /// The chosen video stream (attached cover pictures are ignored), if any.
    let videoStreamIndex: Int32?
    /// The chosen audio stream, if any.
    let audioStreamIndex: Int32?

    init(path: String) throws(TranscodeError) {
        self.path = path
        LibAV.configureLogging()
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let opened = avformat_open_input(&context, path, nil, nil)
        guard opened >= 0, let context else {
            throw TranscodeError.invalidMedia(path, "cannot open the file as media", averror: opened)
        }
        self.context = context
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            var owned: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&owned)
            throw TranscodeError.invalidMedia(path, "cannot read stream information", averror: found)
        }
        var video: Int32? = nil
        var audio: Int32? = nil
        for index in 0..<Int32(context.pointee.nb_streams) {
            guard let stream = context.pointee.streams[Int(index)] else { continue }
            let parameters = stream.pointee.codecpar.pointee
            switch parameters.codec_type {
            case AVMEDIA_TYPE_VIDEO where video == nil:
                let isCoverArt = stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
                if !isCoverArt && parameters.width > 0 && parameters.height > 0
                    && avcodec_find_decoder(parameters.codec_id) != nil
                {
                    video = index
                }
            case AVMEDIA_TYPE_AUDIO where audio == nil:
                if parameters.ch_layout.nb_channels > 0 && parameters.sample_rate > 0
                    && avcodec_find_decoder(parameters.codec_id) != nil
                {
                    audio = index
                }
            default:
                break
            }
        }
        // Prefer libav's notion of the "best" stream when it agrees that one exists.
        let bestVideo = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        if bestVideo >= 0, video != nil,
            context.pointee.streams[Int(bestVideo)]!.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0
        {
            video = bestVideo
        }
        let bestAudio = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, video ?? -1, nil, 0)
        if bestAudio >= 0, audio != nil { audio = bestAudio }
        videoStreamIndex = video
        audioStreamIndex = audio
        if video == nil && audio == nil {
            // Every stored property is set by now, so `deinit` runs for this failed initialiser and closes the
            // context: closing it here as well was a double free (found by scripts/fuzz-media).
            throw TranscodeError.invalidMedia(path, "contains no decodable audio or video stream")
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&owned)
    }

    func stream(_ index: Int32) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[Int(index)]!
    }

    /// Where the presentation starts, in `AV_TIME_BASE` units (0 when unknown). All times the
    /// pipeline works with are relative to this, so every stream shares one clock.
    var startTime: Int64 {
        let start = context.pointee.start_time
        return start == LibAV.noPTS ? 0 : start
    }

    /// The duration in seconds (container duration, else the longest stream), or `nil` when unknown.
    var durationSeconds: Double? {
        let duration = context.pointee.duration
        if duration != LibAV.noPTS && duration > 0 {
            return Double(duration) / Double(AV_TIME_BASE)
        }
        var longest: Double? = nil
        for index in [videoStreamIndex, audioStreamIndex].compactMap({ $0 }) {
            let stream = stream(index).pointee
            if stream.duration != LibAV.noPTS && stream.duration > 0 {
                longest = max(longest ?? 0, LibAV.seconds(stream.duration, stream.time_base))
            }
        }
        return longest
    }

    /// Where the chosen streams' packets really end, in seconds from ``startTime``, read from the file rather than
    /// its header: seeks to a little before `claimedSeconds` (or starts at the beginning when nothing is claimed)
    /// and reads up to `packetLimit` packets. Returns the end and whether the end of the file was reached within the
    /// limit (when not, the file goes on beyond what was read), or nil when no packet had a timestamp.
    func measuredEnd(claimedSeconds: Double, packetLimit: Int = 20_000) -> (seconds: Double, reachedEndOfFile: Bool)? {
        let streams = [videoStreamIndex, audioStreamIndex].compactMap { $0 }
        if claimedSeconds > 30 {
            let target = LibAV.sum(startTime, LibAV.clamped((claimedSeconds - 30) * Double(AV_TIME_BASE)))
            if avformat_seek_file(context, -1, Int64.min, target, target, 0) < 0 {
                // Unseekable near the claimed end: read from the start instead.
                _ = avformat_seek_file(context, -1, Int64.min, startTime, startTime, 0)
            }
        }
        guard let packet = try? Packet() else { return nil }
        var end: Double?
        var reachedEnd = false
        for _ in 0..<packetLimit {
            let result = av_read_frame(context, packet.pointer)
            if result < 0 {
                if result == LibAV.eagain { continue }
                reachedEnd = true
                break
            }
            defer { packet.unref() }
            let pointee = packet.pointer.pointee
            guard streams.contains(pointee.stream_index), pointee.pts != LibAV.noPTS || pointee.dts != LibAV.noPTS else { continue }
            let timeBase = stream(pointee.stream_index).pointee.time_base
            let stamp = pointee.pts != LibAV.noPTS ? pointee.pts : pointee.dts
            let start = av_rescale_q(startTime, AVRational(num: 1, den: AV_TIME_BASE), timeBase)
            let packetEnd = LibAV.seconds(LibAV.sum(LibAV.difference(stamp, start), max(0, pointee.duration)), timeBase)
            if packetEnd.isFinite { end = max(end ?? packetEnd, packetEnd) }
        }
        guard let end else { return nil }
        return (end, reachedEnd)
    }

    /// Reads the next packet; `false` at the end of the file.
    /// A read error after some packets is treated as the end (a truncated file ends early rather than failing).
    func read(into packet: Packet) throws(TranscodeError) -> Bool {
        let result = av_read_frame(context, packet.pointer)
        if result >= 0 { return true }
        if result == LibAV.eof { return false }
        if result == LibAV.eagain { return try read(into: packet) }
        return false
    }

    /// Seeks so that the next packets start at the keyframe at or before `seconds` (relative to ``startTime``).
    func seek(toSeconds seconds: Double) throws(TranscodeError) {
        let target = LibAV.sum(startTime, LibAV.clamped(seconds * Double(AV_TIME_BASE)))
        let result = avformat_seek_file(context, -1, Int64.min, target, target, 0)
        if result < 0 {
            let fallback = av_seek_frame(context, -1, target, AVSEEK_FLAG_BACKWARD)
            if fallback < 0 { throw TranscodeError.invalidMedia(path, "cannot seek to \(seconds) s", averror: fallback) }
        }
    }
}
