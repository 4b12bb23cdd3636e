import CFFmpeg

/// A muxer writing through a ``FileDescriptorSink``: owns the output `AVFormatContext`, freed exactly once.
final class MediaOutput {
    let context: UnsafeMutablePointer<AVFormatContext>
    private let sink: FileDescriptorSink
    private var headerWritten = false

    /// - Parameters:
    ///   - formatName: libavformat's muxer name (`mp4`, `ipod`, `mp3`, `ogg`, `webm`, `mpegts`).
    ///   - sink: where the bytes go.
    ///   - url: the output's file name; MP4 `+faststart` re-opens this name for reading in its
    ///     second pass, so it must name the same regular file the sink writes to.
    init(formatName: String, sink: FileDescriptorSink, url: String) throws(TranscodeError) {
        LibAV.configureLogging()
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let result = avformat_alloc_output_context2(&context, nil, formatName, url)
        guard result >= 0, let context else {
            throw TranscodeError(.encoderUnavailable, "this FFmpeg has no '\(formatName)' muxer: \(LibAV.errorText(result))")
        }
        self.context = context
        self.sink = sink
        context.pointee.pb = sink.avio
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
    }

    deinit {
        // The custom AVIO context belongs to `sink`, which frees it after this context is gone.
        context.pointee.pb = nil
        avformat_free_context(context)
    }

    var needsGlobalHeader: Bool { context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 }

    /// Adds a stream carrying `encoder`'s output.
    func addStream(for encoder: CodecContext) throws(TranscodeError) -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else {
            throw TranscodeError(.internalError, "out of memory adding an output stream")
        }
        try LibAV.check(
            avcodec_parameters_from_context(stream.pointee.codecpar, encoder.pointer), "copying encoder parameters")
        stream.pointee.time_base = encoder.pointer.pointee.time_base
        return stream
    }

    /// Writes the header; `options` are muxer options such as `movflags=+faststart`.
    func writeHeader(options: [String: String]) throws(TranscodeError) {
        var dictionary: OpaquePointer? = nil
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        try LibAV.check(avformat_write_header(context, &dictionary), "writing the container header")
        headerWritten = true
    }

    /// Hands a packet to the interleaving muxer (which takes its payload).
    func write(_ packet: Packet) throws(TranscodeError) {
        try LibAV.check(av_interleaved_write_frame(context, packet.pointer), "writing a packet")
    }

    /// Flushes interleaving queues and writes the trailer (for MP4 `+faststart`, moves `moov` to the front).
    func finish() throws(TranscodeError) {
        guard headerWritten else { return }
        try LibAV.check(av_write_trailer(context), "finishing the container")
        avio_flush(context.pointee.pb)
        if context.pointee.pb.pointee.error < 0 {
            throw TranscodeError(.io, "writing the output failed: \(LibAV.errorText(context.pointee.pb.pointee.error))")
        }
    }
}
