import CFFmpeg

/// Small helpers around libav conventions (error codes, timestamps, rationals).
enum LibAV {
    static let noPTS: Int64 = cffmpeg_nopts_value()
    static let eagain: Int32 = cffmpeg_averror_eagain()
    static let eof: Int32 = cffmpeg_averror_eof()

    /// libav's text for an error code (what `av_err2str` gives in C).
    static func errorText(_ code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            String(cString: cffmpeg_err2str(code, buffer.baseAddress!, 256))
        }
    }

    /// Throws an internal error when `code` is negative.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(TranscodeError) -> Int32 {
        if code < 0 { throw TranscodeError.libav(operation(), code) }
        return code
    }

    static func seconds(_ ts: Int64, _ tb: AVRational) -> Double {
        Double(ts) * Double(tb.num) / Double(tb.den)
    }

    static func rescale(_ value: Int64, from: AVRational, to: AVRational) -> Int64 {
        av_rescale_q(value, from, to)
    }

    static func rational(_ num: Int32, _ den: Int32) -> AVRational { AVRational(num: num, den: den) }

    /// Keeps libav quiet except for real errors; the pipeline reports failures through thrown errors.
    static func configureLogging() {
        av_log_set_level(AV_LOG_ERROR)
    }
}
