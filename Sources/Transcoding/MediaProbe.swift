import CFFmpeg

/// Reads a media file's container, duration and main streams with libavformat.
public enum MediaProbe {
    /// Probes the file at `path`. Blocks while libavformat reads the header (run off event loops).
    /// - Throws: ``TranscodeError`` with ``TranscodeError/Code/invalidMedia`` for files that are not media.
    public static func probe(path: String) throws(TranscodeError) -> MediaInfo {
        let input = try MediaInput(path: path)
        var info = MediaInfo(
            durationSeconds: input.durationSeconds ?? 0,
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
        return info
    }
}
