import CFFmpeg

/// Owns one `AVPacket`, freed exactly once in `deinit`.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws(TranscodeError) {
        guard let packet = av_packet_alloc() else { throw TranscodeError(.internalError, "out of memory allocating a packet") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    /// Drops the payload reference so the packet can be reused.
    func unref() { av_packet_unref(pointer) }
}
