import CFFmpeg

/// A sample FIFO between the resampler and an encoder that needs fixed-size frames.
/// Owns the `AVAudioFifo`, freed exactly once.
final class AudioFIFO {
    private let fifo: OpaquePointer

    init(format: AVSampleFormat, channels: Int32) throws(TranscodeError) {
        guard let fifo = av_audio_fifo_alloc(format, channels, 4096) else {
            throw TranscodeError(.internalError, "out of memory allocating an audio FIFO")
        }
        self.fifo = fifo
    }

    deinit { av_audio_fifo_free(fifo) }

    var count: Int32 { av_audio_fifo_size(fifo) }

    func write(_ frame: Frame, samples: Int32) throws(TranscodeError) {
        let data = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data!).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        let written = av_audio_fifo_write(fifo, data, samples)
        if written < samples { throw TranscodeError(.internalError, "cannot buffer audio samples") }
    }

    /// Reads `samples` samples into `frame` (whose buffers must hold at least that many).
    func read(into frame: Frame, samples: Int32) throws(TranscodeError) {
        let data = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data!).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        let read = av_audio_fifo_read(fifo, data, samples)
        if read < samples { throw TranscodeError(.internalError, "cannot read buffered audio samples") }
    }

    /// Discards up to `samples` samples from the front.
    func drain(_ samples: Int32) {
        av_audio_fifo_drain(fifo, min(samples, count))
    }
}
