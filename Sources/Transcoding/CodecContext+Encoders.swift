import CFFmpeg

extension CodecContext {
    /// Opens an H.264 (libx264) encoder for a profile: closed GOPs of exactly `keyframeInterval` frames
    /// (scene-cut keyframes off), forced keyframes become IDR frames, square pixels, YUV 4:2:0.
    static func videoEncoder(
        _ video: TranscodeProfile.Video, width: Int, height: Int, fps: (num: Int, den: Int),
        keyframeInterval: Int, globalHeader: Bool
    ) throws(TranscodeError) -> CodecContext {
        guard let codec = avcodec_find_encoder_by_name(video.codec.encoderName) else {
            throw TranscodeError(.encoderUnavailable, "this FFmpeg has no \(video.codec.encoderName) encoder; install one built with it")
        }
        let encoder = try CodecContext(codec: codec)
        let context = encoder.pointer
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        context.pointee.time_base = AVRational(num: Int32(fps.den), den: Int32(fps.num))
        context.pointee.framerate = AVRational(num: Int32(fps.num), den: Int32(fps.den))
        context.pointee.gop_size = Int32(keyframeInterval)
        context.pointee.keyint_min = Int32(keyframeInterval)
        context.pointee.flags |= Int32(bitPattern: AV_CODEC_FLAG_CLOSED_GOP)
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        context.pointee.thread_count = 0
        let options = context.pointee.priv_data
        av_opt_set(options, "preset", video.preset, 0)
        switch video.rateControl {
        case .crf(let crf): av_opt_set(options, "crf", String(crf), 0)
        case .bitrate(let bitrate):
            context.pointee.bit_rate = Int64(bitrate)
            context.pointee.rc_max_rate = Int64(bitrate) * 3 / 2
            context.pointee.rc_buffer_size = Int32(clamping: bitrate * 2)
        }
        // Fixed GOP length: no extra keyframes at scene cuts; closed GOPs; a forced I frame is an IDR.
        av_opt_set(options, "x264-params", "scenecut=0:open-gop=0", 0)
        av_opt_set_int(options, "forced-idr", 1, 0)
        try LibAV.check(avcodec_open2(context, codec, nil), "opening the \(video.codec.encoderName) encoder")
        return encoder
    }

    /// Opens an audio encoder for a profile at its sample rate and channel count.
    static func audioEncoder(_ audio: TranscodeProfile.Audio, globalHeader: Bool) throws(TranscodeError) -> CodecContext {
        guard let codec = avcodec_find_encoder_by_name(audio.codec.encoderName) else {
            throw TranscodeError(.encoderUnavailable, "this FFmpeg has no \(audio.codec.encoderName) encoder; install one built with it")
        }
        let encoder = try CodecContext(codec: codec)
        let context = encoder.pointer
        context.pointee.sample_fmt = codec.pointee.sample_fmts?.pointee ?? AV_SAMPLE_FMT_FLTP
        context.pointee.sample_rate = Int32(audio.sampleRate)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(audio.channels))
        context.pointee.bit_rate = Int64(audio.bitrate)
        context.pointee.time_base = AVRational(num: 1, den: Int32(audio.sampleRate))
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        try LibAV.check(avcodec_open2(context, codec, nil), "opening the \(audio.codec.encoderName) encoder")
        return encoder
    }

    /// Samples per frame the encoder wants (1024 for AAC, 1152 for MP3, 960 for Opus).
    var audioFrameSize: Int32 {
        let size = pointer.pointee.frame_size
        let variable = pointer.pointee.codec.pointee.capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE != 0
        return size > 0 && !variable ? size : 1024
    }

    /// `true` when the encoder accepts a shorter final frame (otherwise it is padded with silence).
    var acceptsSmallLastFrame: Bool {
        pointer.pointee.codec.pointee.capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME != 0
    }
}
