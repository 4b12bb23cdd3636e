import CFFmpeg

/// Owns one `AVCodecContext` (a decoder or an encoder), freed exactly once in `deinit`.
final class CodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>

    init(codec: UnsafePointer<AVCodec>) throws(TranscodeError) {
        guard let context = avcodec_alloc_context3(codec) else {
            throw TranscodeError(.internalError, "out of memory allocating a codec context")
        }
        pointer = context
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }

    /// Sends a packet (or `nil` to drain) to a decoder. Returns `false` if the decoder is full
    /// (`EAGAIN`: receive frames first). Corrupt packets are skipped, as players do.
    func send(packet: Packet?) -> Bool {
        let result = avcodec_send_packet(pointer, packet?.pointer)
        // Any other error is a damaged packet in an otherwise readable file (or a drained decoder):
        // skip it rather than fail the whole job, as players do.
        return result != LibAV.eagain
    }

    /// Receives the next decoded frame; `false` when the decoder needs more input or is drained.
    func receive(frame: Frame) -> Bool {
        avcodec_receive_frame(pointer, frame.pointer) >= 0
    }

    /// Sends a frame (or `nil` to flush) to an encoder.
    func send(frame: Frame?) throws(TranscodeError) {
        let result = avcodec_send_frame(pointer, frame?.pointer)
        if result == LibAV.eof { return }
        try LibAV.check(result, "encoding a frame")
    }

    /// Receives the next encoded packet; `false` when the encoder needs more input or is drained.
    func receive(packet: Packet) throws(TranscodeError) -> Bool {
        let result = avcodec_receive_packet(pointer, packet.pointer)
        if result == LibAV.eagain || result == LibAV.eof { return false }
        try LibAV.check(result, "receiving an encoded packet")
        return true
    }
}

extension CodecContext {
    /// Opens a decoder for `stream`, using frame threads for speed.
    static func decoder(for stream: UnsafeMutablePointer<AVStream>, path: String) throws(TranscodeError) -> CodecContext {
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw TranscodeError.invalidMedia(path, "has a stream in a format this FFmpeg cannot decode")
        }
        let context = try CodecContext(codec: codec)
        let copied = avcodec_parameters_to_context(context.pointer, parameters)
        if copied < 0 { throw TranscodeError.invalidMedia(path, "has unusable codec parameters", averror: copied) }
        context.pointer.pointee.pkt_timebase = stream.pointee.time_base
        context.pointer.pointee.thread_count = 0
        let opened = avcodec_open2(context.pointer, codec, nil)
        if opened < 0 { throw TranscodeError.invalidMedia(path, "cannot open the decoder", averror: opened) }
        return context
    }
}
