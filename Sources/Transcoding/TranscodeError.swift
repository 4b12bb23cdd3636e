/// An error from probing, transcoding, segmenting or queueing media.
///
/// A struct wrapping a private enum so new cases can be added without breaking callers.
/// Use ``code`` to decide how to answer (the HTTP server maps ``Code/invalidMedia`` and
/// ``Code/unsuitableProfile`` to `422`, ``Code/overloaded`` to `503` with `Retry-After`).
public struct TranscodeError: Error, Sendable, CustomStringConvertible {
    /// A coarse classification of the failure, stable for callers to switch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable, CaseIterable {
            case invalidMedia, unsuitableProfile, tooLong, overloaded, busySubject, cancelled, io, encoderUnavailable,
                internalError
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The input could not be read as media (garbage, truncated, zero length, no decodable stream).
        public static let invalidMedia = Code(.invalidMedia)
        /// The input is valid but the profile cannot be applied to it (e.g. a video profile for audio-only input).
        public static let unsuitableProfile = Code(.unsuitableProfile)
        /// The media lasts longer than the gateway transcodes (`max_media_duration_seconds`).
        public static let tooLong = Code(.tooLong)
        /// The transcode queue is full; retry after ``TranscodeError/retryAfterSeconds``.
        public static let overloaded = Code(.overloaded)
        /// The asking subject or its library already has as many jobs queued or running as it may; retry after
        /// ``TranscodeError/retryAfterSeconds``.
        public static let busySubject = Code(.busySubject)
        /// The work was cancelled because nobody waits for it any more.
        public static let cancelled = Code(.cancelled)
        /// Reading or writing a file failed.
        public static let io = Code(.io)
        /// The FFmpeg build lacks an encoder or muxer the profile needs.
        public static let encoderUnavailable = Code(.encoderUnavailable)
        /// An unexpected libav failure while encoding or muxing.
        public static let internalError = Code(.internalError)

        /// A stable name (`invalidMedia`, …), as the transcode worker reports a failure to the server.
        public var name: String { value.rawValue }

        /// The code named `name`, nil for names this version does not know.
        public init?(name: String) {
            guard let value = Value(rawValue: name) else { return nil }
            self.value = value
        }

        public var description: String {
            switch value {
            case .invalidMedia: "invalid media"
            case .unsuitableProfile: "unsuitable profile"
            case .tooLong: "too long"
            case .busySubject: "too many jobs for this subject"
            case .overloaded: "overloaded"
            case .cancelled: "cancelled"
            case .io: "I/O error"
            case .encoderUnavailable: "encoder unavailable"
            case .internalError: "internal error"
            }
        }
    }

    /// What went wrong, for callers to switch on.
    public let code: Code
    /// A message for a person: what failed, libav's own error text where there is one, and what to do next.
    public let message: String
    /// Seconds a client should wait before retrying (set for ``Code/overloaded``).
    public let retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { message }

    /// `true` when the failure is the input's fault or a profile mismatch (answer `422`).
    public var isUnprocessableMedia: Bool { code == .invalidMedia || code == .unsuitableProfile || code == .tooLong }
}

extension TranscodeError {
    static func invalidMedia(_ path: String, _ what: String, averror: Int32? = nil) -> TranscodeError {
        let detail = averror.map { ": \(LibAV.errorText($0))" } ?? ""
        return TranscodeError(
            .invalidMedia,
            "\(path): \(what)\(detail). Check that the file is a complete audio or video file in a format FFmpeg reads."
        )
    }

    static func libav(_ operation: String, _ code: Int32) -> TranscodeError {
        TranscodeError(.internalError, "\(operation) failed: \(LibAV.errorText(code))")
    }

    static let cancelled = TranscodeError(.cancelled, "the transcode was cancelled because no client waits for it")
}
