/// A named recipe for a rendition: container, video and audio encoding settings, HLS segmenting.
///
/// Profiles are defined by administrators in `Transcode/profiles.yaml` and loaded with
/// ``ProfileCatalog/load(directory:)``.
public struct TranscodeProfile: Sendable, Hashable {
    /// Output containers the gateway can write.
    public enum Container: String, Sendable, Hashable, CaseIterable {
        /// MPEG-4 with `moov` first (`+faststart`), for H.264 + AAC.
        case mp4
        /// MPEG-4 audio (`.m4a`), for AAC.
        case m4a
        /// Raw MPEG-1 Layer III.
        case mp3
        /// Ogg, for Opus.
        case ogg
        /// WebM (audio only here), for Opus.
        case webm

        /// libavformat's muxer name.
        var muxerName: String {
            switch self {
            case .mp4: "mp4"
            case .m4a: "ipod"
            case .mp3: "mp3"
            case .ogg: "ogg"
            case .webm: "webm"
            }
        }

        /// The file name extension for this container.
        public var fileExtension: String {
            switch self {
            case .mp4: "mp4"
            case .m4a: "m4a"
            case .mp3: "mp3"
            case .ogg: "ogg"
            case .webm: "webm"
            }
        }

        /// The `Content-Type` of a rendition in this container.
        public func mimeType(hasVideo: Bool) -> String {
            switch self {
            case .mp4: hasVideo ? "video/mp4" : "audio/mp4"
            case .m4a: "audio/mp4"
            case .mp3: "audio/mpeg"
            case .ogg: "audio/ogg"
            case .webm: "audio/webm"
            }
        }
    }

    /// Video codecs (encoders) a profile can name.
    public enum VideoCodec: String, Sendable, Hashable, CaseIterable {
        /// H.264 with libx264.
        case h264

        var encoderName: String { "libx264" }
    }

    /// Audio codecs (encoders) a profile can name.
    public enum AudioCodec: String, Sendable, Hashable, CaseIterable {
        /// AAC-LC with FFmpeg's native encoder.
        case aac
        /// MP3 with libmp3lame.
        case mp3
        /// Opus with libopus.
        case opus

        var encoderName: String {
            switch self {
            case .aac: "aac"
            case .mp3: "libmp3lame"
            case .opus: "libopus"
            }
        }

        /// Sample rates the encoder accepts.
        var sampleRates: [Int] {
            switch self {
            case .aac: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]
            case .mp3: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]
            case .opus: [8000, 12000, 16000, 24000, 48000]
            }
        }

        /// The largest channel count the encoder (and this gateway's layouts) support.
        var maxChannels: Int {
            switch self {
            case .aac: 8
            case .mp3: 2
            case .opus: 2
            }
        }
    }

    /// How the video encoder spends bits.
    public enum RateControl: Sendable, Hashable {
        /// Constant rate factor (x264 `crf`, 0…51, lower is better).
        case crf(Int)
        /// Average bitrate in bits per second.
        case bitrate(Int)
    }

    /// Video settings of a profile.
    public struct Video: Sendable, Hashable {
        public var codec: VideoCodec
        public var rateControl: RateControl
        /// x264 preset (`ultrafast` … `veryslow`).
        public var preset: String
        /// The output is never wider than this; smaller sources are never upscaled.
        public var maxWidth: Int
        /// The output is never taller than this; smaller sources are never upscaled.
        public var maxHeight: Int
        /// Frame rate cap; sources above it are decimated, slower sources keep their rate.
        public var maxFrameRate: Int
        /// Seconds between keyframes (closed GOPs of a fixed length).
        public var keyframeIntervalSeconds: Double

        public init(
            codec: VideoCodec = .h264, rateControl: RateControl = .crf(23), preset: String = "veryfast",
            maxWidth: Int, maxHeight: Int, maxFrameRate: Int = 30, keyframeIntervalSeconds: Double = 2
        ) {
            self.codec = codec
            self.rateControl = rateControl
            self.preset = preset
            self.maxWidth = maxWidth
            self.maxHeight = maxHeight
            self.maxFrameRate = maxFrameRate
            self.keyframeIntervalSeconds = keyframeIntervalSeconds
        }
    }

    /// Audio settings of a profile.
    public struct Audio: Sendable, Hashable {
        public var codec: AudioCodec
        /// Bits per second.
        public var bitrate: Int
        /// Output channels (sources are down- or up-mixed by swresample).
        public var channels: Int
        /// Output sample rate in Hz.
        public var sampleRate: Int

        public init(codec: AudioCodec, bitrate: Int, channels: Int = 2, sampleRate: Int = 48000) {
            self.codec = codec
            self.bitrate = bitrate
            self.channels = channels
            self.sampleRate = sampleRate
        }
    }

    /// The profile's name, as used in URLs (`/renditions/{profile}`).
    public var name: String
    public var container: Container
    /// Video settings; `nil` for audio-only profiles.
    public var video: Video?
    /// Audio settings; `nil` for a video-only profile.
    public var audio: Audio?
    /// Length of HLS segments in seconds; `nil` when the profile is not offered as HLS.
    public var hlsSegmentSeconds: Int?

    public init(name: String, container: Container, video: Video?, audio: Audio?, hlsSegmentSeconds: Int? = nil) {
        self.name = name
        self.container = container
        self.video = video
        self.audio = audio
        self.hlsSegmentSeconds = hlsSegmentSeconds
    }

    /// `true` when the profile makes video.
    public var isVideo: Bool { video != nil }
}
