import Synchronization
import Transcoding

/// Media failures remembered for a while (keyed like cache entries), so polling clients get the 422 at once and a
/// broken file is not probed or transcoded again and again. Only failures that are the file's own are recorded: an
/// overload, a limit or a cancellation says nothing about the media.
final class FailureLog: Sendable {
    let entries = Mutex([String: (error: TranscodeError, at: ContinuousClock.Instant)]())
    static let lifetime = Duration.seconds(600)
    /// The most failures remembered; beyond it the log starts afresh (bounded whatever the input).
    static let capacity = 10_000

    func record(_ key: String, _ error: TranscodeError) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = (error, .now)
        }
    }

    func failure(_ key: String) -> TranscodeError? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if ContinuousClock.now - entry.at > Self.lifetime {
                entries[key] = nil
                return nil
            }
            return entry.error
        }
    }
}
