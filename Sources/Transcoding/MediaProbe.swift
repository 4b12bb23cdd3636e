import CFFmpeg

/// Reads a media file's container, duration and main streams with libavformat.
public enum MediaProbe {
    /// Probes the file at `path`. Blocks while libavformat reads the header and the packets near its end (run off
    /// event loops; the gateway runs it in a transcode worker process).
    ///
    /// The duration is checked against the streams, never taken from the header alone: a header (`mvhd`, `mdhd`)
    /// may claim 4,000,000 s for five seconds of sound, and a duration is what playlists and segment numbers are
    /// made from. Where the packets end well before the claim, their end is the duration.
    ///
    /// - Parameter maxDurationSeconds: media lasting longer is refused (``TranscodeError/Code/tooLong``).
    /// - Throws: ``TranscodeError`` with ``TranscodeError/Code/invalidMedia`` for files that are not media,
    ///   ``TranscodeError/Code/tooLong`` above the limit.
    public static func probe(path: String, maxDurationSeconds: Double = .infinity) throws(TranscodeError) -> MediaInfo {
        let input = try MediaInput(path: path)
        let claimed = input.durationSeconds ?? 0
        var duration = claimed.isFinite && claimed > 0 ? claimed : 0
        if let measured = input.measuredEnd(claimedSeconds: duration) {
            // The packets end more than a second (or 1 %) before the header says: the header is wrong. Packets read
            // to the end of the file without any claim give the duration too.
            if measured.reachedEndOfFile, duration == 0 || measured.seconds + max(1, duration / 100) < duration {
                duration = max(0, measured.seconds)
            } else if !measured.reachedEndOfFile, measured.seconds > duration {
                duration = measured.seconds
            }
        }
        guard duration <= maxDurationSeconds else {
            throw TranscodeError(
                .tooLong,
                "\(path): the media lasts \(LibAV.clamped(duration.rounded())) s, longer than the \(LibAV.clamped(maxDurationSeconds)) s this gateway "
                    + "transcodes (max_media_duration_seconds)")
        }
        var info = MediaInfo(
            durationSeconds: duration,
            container: String(cString: input.context.pointee.iformat.pointee.name),
            video: nil, audio: nil)
        if let index = input.videoStreamIndex {
            let stream = input.stream(index)
            let parameters = stream.pointee.codecpar.pointee
            let rate = av_guess_frame_rate(input.context, stream, nil)
            info.video = MediaInfo.Video(
                codec: String(cString: avcodec_get_name(parameters.codec_id)),
                width: Int(parameters.width), height: Int(parameters.height),
                frameRate: rate.num > 0 && rate.den > 0 ? Double(rate.num) / Double(rate.den) : 0)
        }
        if let index = input.audioStreamIndex {
            let parameters = input.stream(index).pointee.codecpar.pointee
            info.audio = MediaInfo.Audio(
                codec: String(cString: avcodec_get_name(parameters.codec_id)),
                channels: Int(parameters.ch_layout.nb_channels), sampleRate: Int(parameters.sample_rate))
        }
        try checkPlausible(info, path: path)
        return info
    }

    /// Values no real recording has, which a damaged or crafted header makes up: they only make work (a 257-channel
    /// "WAV" ran a transcoder for minutes), so such a file is refused as not media.
    static let plausibleChannels = 1...32
    static let plausibleSampleRates = 4_000...384_000
    static let plausibleDimensions = 1...16_384

    static func checkPlausible(_ info: MediaInfo, path: String) throws(TranscodeError) {
        if let audio = info.audio {
            guard plausibleChannels.contains(audio.channels), plausibleSampleRates.contains(audio.sampleRate) else {
                throw TranscodeError.invalidMedia(
                    path, "its audio claims \(audio.channels) channels at \(audio.sampleRate) Hz, which no recording has")
            }
        }
        if let video = info.video {
            guard plausibleDimensions.contains(video.width), plausibleDimensions.contains(video.height) else {
                throw TranscodeError.invalidMedia(path, "its video claims \(video.width)×\(video.height) pixels, which no recording has")
            }
        }
    }
}
