import CFFmpeg

/// Converts decoded pictures to the encoder's size and pixel format with swscale.
/// Owns the `SwsContext` (re-created if the source size changes mid-stream) and the output frame.
final class VideoScaler {
    private var context: OpaquePointer? = nil
    private let width: Int32
    private let height: Int32
    private let format: AVPixelFormat
    private let output: Frame

    init(width: Int32, height: Int32, format: AVPixelFormat) throws(TranscodeError) {
        self.width = width
        self.height = height
        self.format = format
        output = try Frame.video(width: width, height: height, format: format)
    }

    deinit { sws_freeContext(context) }

    /// `true` when `frame` already has the encoder's size and format (no conversion needed).
    func passesThrough(_ frame: Frame) -> Bool {
        let f = frame.pointer.pointee
        return f.width == width && f.height == height && f.format == format.rawValue
    }

    /// Scales `frame` into the reused output frame and returns it.
    func scale(_ frame: Frame) throws(TranscodeError) -> Frame {
        let source = frame.pointer.pointee
        context = sws_getCachedContext(
            context, source.width, source.height, AVPixelFormat(rawValue: source.format),
            width, height, format, SWS_BICUBIC, nil, nil, nil)
        guard context != nil else {
            throw TranscodeError(.internalError, "cannot convert \(source.width)x\(source.height) pictures (format \(source.format))")
        }
        // The encoder may still reference the previous picture's buffers; make sure we write to our own.
        try LibAV.check(av_frame_make_writable(output.pointer), "preparing a scaled frame")
        try withUnsafePointer(to: frame.pointer.pointee.data) { sourceData throws(TranscodeError) in
            try withUnsafePointer(to: frame.pointer.pointee.linesize) { sourceLines throws(TranscodeError) in
                try withUnsafeMutablePointer(to: &output.pointer.pointee.data) { destinationData throws(TranscodeError) in
                    try withUnsafeMutablePointer(to: &output.pointer.pointee.linesize) { destinationLines throws(TranscodeError) in
                        let result = sws_scale(
                            context,
                            UnsafeRawPointer(sourceData).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                            UnsafeRawPointer(sourceLines).assumingMemoryBound(to: Int32.self),
                            0, source.height,
                            UnsafeMutableRawPointer(destinationData).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                            UnsafeRawPointer(destinationLines).assumingMemoryBound(to: Int32.self))
                        try LibAV.check(result, "scaling a picture")
                    }
                }
            }
        }
        return output
    }
}
