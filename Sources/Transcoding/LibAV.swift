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
        guard tb.den != 0 else { return 0 }
        return Double(ts) * Double(tb.num) / Double(tb.den)
    }

    // Timestamps and durations come from the file, so a crafted one can hold any 64-bit value: arithmetic on them
    // saturates instead of trapping (a trap would end the transcode's process).

    /// `a - b`, saturating at the ends of `Int64`.
    static func difference(_ a: Int64, _ b: Int64) -> Int64 {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : result
    }

    /// `a + b`, saturating at the ends of `Int64`.
    static func sum(_ a: Int64, _ b: Int64) -> Int64 {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? .min : .max) : result
    }

    /// `value` as `Int64`, clamped (NaN gives 0).
    static func clamped(_ value: Double) -> Int64 {
        guard value.isFinite else { return value.isNaN ? 0 : (value < 0 ? .min : .max) }
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min }
        return Int64(value)
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
