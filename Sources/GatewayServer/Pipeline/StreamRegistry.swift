import Synchronization

/// Enforces the policy limit `concurrent_streams` on this node.
///
/// **What counts as one stream.** A stream is one item being sent to one subject: every response for that item
/// (the original, a rendition, HLS segments) belongs to it while any of them is still being sent and for
/// ``graceSeconds`` after the last one ended, so a player fetching segment after segment, or a viewer making range
/// request after range request, holds one stream, not many. A subject at its limit gets 429 for a *different* item
/// until one of its streams ends. Counts are kept in memory per node; in a network of nodes the limit is the shared
/// database's (``PostgresStreamLeases``) and this registry tells which streams this node is sending, to renew their
/// leases.
final class StreamRegistry: Sendable {
    /// How long a stream stays open after its last response ended (the gap between two HLS segments).
    static let graceSeconds = 10

    private struct Stream {
        var inFlight = 0
        var lastEnded: ContinuousClock.Instant?

        func isOpen(at now: ContinuousClock.Instant) -> Bool {
            if inFlight > 0 { return true }
            guard let lastEnded else { return false }
            return now - lastEnded < .seconds(StreamRegistry.graceSeconds)
        }
    }

    /// subject → item → stream.
    private let streams = Mutex<[String: [String: Stream]]>([:])
    private let clock = ContinuousClock()

    /// Starts a response for `assetID` to `subject`, or returns the seconds to wait when `limit` streams of other
    /// items are open. Every successful call must be balanced by ``end(subject:assetID:)``.
    func begin(subject: String, assetID: String, limit: Int) -> Int? {
        let now = clock.now
        return streams.withLock { all -> Int? in
            if all.count > 10_000 { all = all.filter { $0.value.values.contains { $0.isOpen(at: now) } } }
            var mine = all[subject, default: [:]]
            mine = mine.filter { $0.value.isOpen(at: now) }
            if mine[assetID] == nil, mine.count >= limit {
                all[subject] = mine
                return Self.graceSeconds
            }
            mine[assetID, default: Stream()].inFlight += 1
            all[subject] = mine
            return nil
        }
    }

    /// The seconds to wait if ``begin(subject:assetID:limit:)`` would refuse now, nil if it would admit; nothing is
    /// begun.
    func wouldRefuse(subject: String, assetID: String, limit: Int) -> Int? {
        let now = clock.now
        return streams.withLock { all -> Int? in
            let open = (all[subject] ?? [:]).filter { $0.value.isOpen(at: now) }
            return open[assetID] == nil && open.count >= limit ? Self.graceSeconds : nil
        }
    }

    /// Ends one response begun with ``begin(subject:assetID:limit:)``. Returns whether it was the last of its stream
    /// in flight on this node.
    @discardableResult
    func end(subject: String, assetID: String) -> Bool {
        let now = clock.now
        return streams.withLock { all -> Bool in
            guard var mine = all[subject], var stream = mine[assetID] else { return false }
            stream.inFlight -= 1
            stream.lastEnded = now
            mine[assetID] = stream
            // Subjects whose streams have all closed are forgotten, so the map holds only recent subjects.
            mine = mine.filter { $0.value.isOpen(at: now) }
            all[subject] = mine.isEmpty ? nil : mine
            return stream.inFlight == 0
        }
    }

    /// The streams with a response in flight on this node now.
    func inFlight() -> [(subject: String, assetID: String)] {
        streams.withLock { all in
            all.flatMap { subject, mine in mine.filter { $0.value.inFlight > 0 }.map { (subject: subject, assetID: $0.key) } }
        }
    }

    /// Open streams of `subject` now.
    func openStreams(subject: String) -> Int {
        let now = clock.now
        return streams.withLock { all in (all[subject] ?? [:]).values.filter { $0.isOpen(at: now) }.count }
    }
}
