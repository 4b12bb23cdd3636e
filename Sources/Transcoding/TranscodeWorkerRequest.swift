/// One job for a transcode worker process, sent by the server as one JSON line on the worker's standard input.
public struct TranscodeWorkerRequest: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Read the container, streams and (checked) duration: answered with a ``TranscodeWorkerMessage/probe``.
        case probe
        /// Make a complete rendition into `destination`.
        case rendition
        /// Make HLS segment `segmentIndex` into `destination`.
        case segment
    }

    public var kind: Kind
    public var source: String
    /// Where the output goes (renditions and segments).
    public var destination: String?
    /// The profile's name and the directory of the profile files, as the server loaded them.
    public var profile: String?
    public var profilesDirectory: String?
    public var segmentIndex: Int?
    public var segmentSeconds: Int?
    /// Probes refuse media longer than this.
    public var maxDurationSeconds: Double?

    public init(
        kind: Kind, source: String, destination: String? = nil, profile: String? = nil, profilesDirectory: String? = nil,
        segmentIndex: Int? = nil, segmentSeconds: Int? = nil, maxDurationSeconds: Double? = nil
    ) {
        self.kind = kind
        self.source = source
        self.destination = destination
        self.profile = profile
        self.profilesDirectory = profilesDirectory
        self.segmentIndex = segmentIndex
        self.segmentSeconds = segmentSeconds
        self.maxDurationSeconds = maxDurationSeconds
    }
}

/// One line a worker writes on its standard output: progress while working, then exactly one outcome.
public struct TranscodeWorkerMessage: Codable, Sendable, Equatable {
    /// The fraction done (renditions).
    public var progress: Double?
    /// A probe's answer.
    public var probe: MediaInfo?
    /// The job succeeded.
    public var done: Bool?
    /// The job failed: ``TranscodeError`` as its code's name and its message.
    public var failure: Failure?

    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public init(progress: Double? = nil, probe: MediaInfo? = nil, done: Bool? = nil, failure: Failure? = nil) {
        self.progress = progress
        self.probe = probe
        self.done = done
        self.failure = failure
    }
}
