import Synchronization
import Transcoding

/// Transcode failures remembered for a while (keyed like cache entries), so polling clients get the answer at once
/// and a broken file is not probed or transcoded again and again (a poller would otherwise start the failing job
/// anew at every poll). An overload, a limit or a cancellation says nothing about the media and is never recorded
/// (``isRemembered(_:)``); a failure to write (a full disk) is remembered briefly.
final class FailureLog: Sendable {
    let entries = Mutex([String: (error: TranscodeError, until: ContinuousClock.Instant)]())
    static let lifetime = Duration.seconds(600)
    /// How long a failure to write output is remembered: the disk may have room again soon.
    static let ioLifetime = Duration.seconds(30)

    /// Whether a job's `error` is worth remembering.
    static func isRemembered(_ error: TranscodeError) -> Bool {
        error.code != .overloaded && error.code != .busySubject && error.code != .cancelled
    }
    /// The most failures remembered; beyond it the log starts afresh (bounded whatever the input).
    static let capacity = 10_000

    func record(_ key: String, _ error: TranscodeError) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = (error, .now + (error.code == .io ? Self.ioLifetime : Self.lifetime))
        }
    }

    func failure(_ key: String) -> TranscodeError? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if ContinuousClock.now > entry.until {
                entries[key] = nil
                return nil
            }
            return entry.error
        }
    }
}
