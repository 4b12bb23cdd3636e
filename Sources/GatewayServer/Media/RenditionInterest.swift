import Synchronization

/// When someone last asked about each rendition being made. A rendition job outlives the request that started it
/// (the patron polls until it is ready); a job nobody has asked about for ``patience`` is cancelled, so a patron who
/// went away does not keep a transcoder busy for hours.
final class RenditionInterest: Sendable {
    /// How long a job is kept without a poll (`rendition_poll_timeout_seconds`; clients are told to poll every 2 s).
    let patience: Duration
    /// Jobs tracked at most: one per queued or running rendition, which the queue bounds; this only guards the map.
    static let capacity = 10_000
    private let lastAsked = Mutex<[String: ContinuousClock.Instant]>([:])

    init(patience: Duration = .seconds(30)) {
        self.patience = patience
    }

    /// Someone asked about `key` now.
    func touch(_ key: String) {
        let now = ContinuousClock.now
        lastAsked.withLock { map in
            if map.count >= Self.capacity { map = map.filter { now - $0.value < patience } }
            map[key] = now
        }
    }

    /// Whether anyone asked about `key` within ``patience``.
    func isWanted(_ key: String) -> Bool {
        let now = ContinuousClock.now
        return lastAsked.withLock { map in map[key].map { now - $0 < patience } ?? false }
    }

    /// Forgets `key` (its job ended).
    func forget(_ key: String) {
        _ = lastAsked.withLock { $0.removeValue(forKey: key) }
    }
}
