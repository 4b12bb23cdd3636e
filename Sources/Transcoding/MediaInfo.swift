/// What ``MediaProbe`` found in a media file.
public struct MediaInfo: Sendable, Hashable, Codable {
    /// The main video stream.
    public struct Video: Sendable, Hashable, Codable {
        public var codec: String
        public var width: Int
        public var height: Int
        /// Frames per second (the stream's guessed rate; 0 when unknown).
        public var frameRate: Double
    }

    /// The main audio stream.
    public struct Audio: Sendable, Hashable, Codable {
        public var codec: String
        public var channels: Int
        public var sampleRate: Int
    }

    /// Duration in seconds (0 when the container does not say), checked against the streams: a header claiming more
    /// than the packets reach is replaced by where they end (see ``MediaProbe``).
    public var durationSeconds: Double
    /// libavformat's name for the container (e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `mpegts`).
    public var container: String
    public var video: Video?
    public var audio: Audio?
}
