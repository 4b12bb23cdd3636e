import Foundation

/// Makes complete renditions (MP4 with `moov` first, M4A, MP3, Ogg/WebM Opus) of a source file.
///
/// Calls block for as long as the transcode takes: run them on a dedicated thread (``TranscodeQueue``
/// does), never on an event loop or Swift's cooperative pool.
public enum RenditionMaker {
    /// Transcodes `source` with `profile` into the file at `destinationPath`.
    ///
    /// The output is written to `destinationPath + ".partial"` and renamed into place only on
    /// success, so a failed or cancelled job leaves nothing behind. MP4/M4A get `+faststart`:
    /// the mov muxer's second pass re-opens the output *by name* to move `moov` to the front,
    /// which is why these containers need a regular file (the bytes still go through the custom AVIO
    /// context writing to its file descriptor).
    ///
    /// - Parameters:
    ///   - progress: called with the fraction done (0…1), from output timestamps over the duration.
    ///   - isCancelled: checked once per packet; returning `true` stops the job with ``TranscodeError/Code/cancelled``.
    /// - Throws: ``TranscodeError`` (``TranscodeError/Code/invalidMedia`` and ``TranscodeError/Code/unsuitableProfile``
    ///   carry libav's error text and map to `422`).
    public static func make(
        source: String, profile: TranscodeProfile, destinationPath: String,
        progress: (Double) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws(TranscodeError) {
        let partial = destinationPath + ".partial"
        do {
            try make(source: source, profile: profile, partialPath: partial, progress: progress, isCancelled: isCancelled)
        } catch {
            unlink(partial)
            throw error
        }
        if rename(partial, destinationPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw TranscodeError(.io, "cannot move the rendition to \(destinationPath): \(reason)")
        }
    }

    private static func make(
        source: String, profile: TranscodeProfile, partialPath: String, progress: (Double) -> Void,
        isCancelled: () -> Bool
    ) throws(TranscodeError) {
        let input = try MediaInput(path: source)
        let sink = try FileDescriptorSink(path: partialPath)
        let output = try MediaOutput(formatName: profile.container.muxerName, sink: sink, url: partialPath)
        var options: [String: String] = [:]
        if profile.container == .mp4 || profile.container == .m4a { options["movflags"] = "+faststart" }
        try TranscodePipeline.run(
            input: input, profile: profile, output: output, span: .whole, headerOptions: options,
            progress: progress, isCancelled: isCancelled)
    }

    /// Transcodes `source` with `profile` and streams the bytes to `fileDescriptor` (a pipe, socket or
    /// file; the caller keeps ownership). Only for containers that need no second pass: MP3, Ogg, WebM.
    /// MP4/M4A need ``make(source:profile:destinationPath:progress:isCancelled:)`` (faststart re-reads the file).
    public static func stream(
        source: String, profile: TranscodeProfile, to fileDescriptor: Int32,
        progress: (Double) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws(TranscodeError) {
        guard profile.container != .mp4 && profile.container != .m4a else {
            throw TranscodeError(
                .unsuitableProfile,
                "profile '\(profile.name)' writes MP4 with moov first, which needs a seekable file; use make(destinationPath:)")
        }
        let input = try MediaInput(path: source)
        let sink = try FileDescriptorSink(fileDescriptor: fileDescriptor, closesDescriptor: false)
        let output = try MediaOutput(formatName: profile.container.muxerName, sink: sink, url: "pipe:")
        try TranscodePipeline.run(
            input: input, profile: profile, output: output, span: .whole, headerOptions: [:],
            progress: progress, isCancelled: isCancelled)
    }
}
