import CFFmpeg

/// Owns one `AVFrame`, freed exactly once in `deinit`.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws(TranscodeError) {
        guard let frame = av_frame_alloc() else { throw TranscodeError(.internalError, "out of memory allocating a frame") }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    func unref() { av_frame_unref(pointer) }

    /// A video frame with its own buffers.
    static func video(width: Int32, height: Int32, format: AVPixelFormat) throws(TranscodeError) -> Frame {
        let frame = try Frame()
        frame.pointer.pointee.width = width
        frame.pointer.pointee.height = height
        frame.pointer.pointee.format = format.rawValue
        try LibAV.check(av_frame_get_buffer(frame.pointer, 0), "allocating a \(width)x\(height) video frame")
        return frame
    }

    /// An audio frame with its own buffers for `samples` samples.
    static func audio(
        samples: Int32, format: AVSampleFormat, layout: ChannelLayout, sampleRate: Int32
    ) throws(TranscodeError) -> Frame {
        let frame = try Frame()
        frame.pointer.pointee.nb_samples = samples
        frame.pointer.pointee.format = format.rawValue
        frame.pointer.pointee.sample_rate = sampleRate
        try LibAV.check(av_channel_layout_copy(&frame.pointer.pointee.ch_layout, &layout.value), "copying a channel layout")
        try LibAV.check(av_frame_get_buffer(frame.pointer, 0), "allocating an audio frame")
        return frame
    }
}
