import CFFmpeg
import Foundation

/// Makes one HLS segment (MPEG-TS, H.264 + AAC) on demand, independently of all others.
///
/// Segment `n` covers source time `[n·S, (n+1)·S)`. The maker seeks to the keyframe before
/// `n·S − 0.5 s`, decodes from there, drops frames before the segment's first frame, and starts the
/// segment with an IDR frame. Timestamps are the source's own presentation times plus the MPEG-TS
/// muxer's constant 1.4 s offset (`max_delay` 0.7 s, as the `ffmpeg` program uses), so segments made
/// in any order concatenate without gaps or jumps. Audio is cut on the AAC frame grid (see
/// ``SegmentTiming``) and each segment's encoder is primed with the real audio before it, so there is
/// neither overlap nor a hole at boundaries.
public enum SegmentMaker {
    /// The constant added to every segment timestamp, in seconds.
    public static let timestampOffsetSeconds = 1.4

    /// Makes segment `index` of `source` with `profile` into `destinationPath` (via a `.partial` file,
    /// renamed on success).
    /// - Throws: ``TranscodeError``.
    public static func make(
        source: String, profile: TranscodeProfile, index: Int, segmentSeconds: Int, destinationPath: String,
        isCancelled: () -> Bool = { false }
    ) throws(TranscodeError) {
        let partial = destinationPath + ".partial"
        do {
            let sink = try FileDescriptorSink(path: partial)
            try make(source: source, profile: profile, index: index, segmentSeconds: segmentSeconds, sink: sink,
                url: partial, isCancelled: isCancelled)
        } catch {
            unlink(partial)
            throw error
        }
        if rename(partial, destinationPath) != 0 {
            unlink(partial)
            throw TranscodeError(.io, "cannot move the segment to \(destinationPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes segment `index` and streams it to `fileDescriptor` (the caller keeps ownership).
    public static func stream(
        source: String, profile: TranscodeProfile, index: Int, segmentSeconds: Int, to fileDescriptor: Int32,
        isCancelled: () -> Bool = { false }
    ) throws(TranscodeError) {
        let sink = try FileDescriptorSink(fileDescriptor: fileDescriptor, closesDescriptor: false)
        try make(source: source, profile: profile, index: index, segmentSeconds: segmentSeconds, sink: sink,
            url: "pipe:", isCancelled: isCancelled)
    }

    private static func make(
        source: String, profile: TranscodeProfile, index: Int, segmentSeconds: Int, sink: FileDescriptorSink,
        url: String, isCancelled: () -> Bool
    ) throws(TranscodeError) {
        guard index >= 0, segmentSeconds > 0 else {
            throw TranscodeError(.unsuitableProfile, "segment \(index) of \(segmentSeconds) s does not exist")
        }
        if let audio = profile.audio, audio.codec == .opus {
            throw TranscodeError(.unsuitableProfile, "profile '\(profile.name)' uses Opus, which MPEG-TS segments cannot carry")
        }
        let input = try MediaInput(path: source)
        if let duration = input.durationSeconds, Double(index * segmentSeconds) >= duration {
            throw TranscodeError(
                .unsuitableProfile, "segment \(index) starts after the end of the media (\(duration) s)")
        }
        let output = try MediaOutput(formatName: "mpegts", sink: sink, url: url)
        // The mpegts muxer adds 2 × max_delay to every timestamp: 1.4 s, as the ffmpeg program does.
        output.context.pointee.max_delay = Int32(timestampOffsetSeconds / 2 * 1_000_000)
        // Never shift a segment's timestamps to make them non-negative: that would differ per segment.
        output.context.pointee.avoid_negative_ts = 0
        try TranscodePipeline.run(
            input: input, profile: profile, output: output, span: .segment(index: index, seconds: segmentSeconds),
            headerOptions: [:], progress: { _ in }, isCancelled: isCancelled)
    }
}
