import Foundation
import Logging
import Synchronization

/// Slows down repeated failed sign-ins from one client address: after ``freeFailures`` failures within
/// ``window``, each further attempt must wait twice as long as the last (1 s, 2 s, 4 s … at most ``longestWait``),
/// and an attempt made while waiting is refused without the key being looked at. A success clears the address.
///
/// Memory is bounded: at most ``capacity`` addresses are tracked; beyond that the one seen longest ago is forgotten.
final class SignInThrottle: Sendable {
    static let freeFailures = 5
    static let window: TimeInterval = 15 * 60
    static let longestWait: TimeInterval = 15 * 60
    let capacity: Int

    private struct Entry {
        var failures: Int
        var first: Date
        var last: Date
        var blockedUntil: Date?
    }

    private let entries: Mutex<[String: Entry]>

    init(capacity: Int = 10_000) {
        self.capacity = capacity
        entries = Mutex([:])
    }

    /// Seconds `client` must still wait before its next attempt, or nil when it may try now.
    func wait(for client: String, now: Date = Date()) -> Int? {
        entries.withLock { entries in
            guard let until = entries[client]?.blockedUntil, until > now else { return nil }
            return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    /// Counts a failed attempt of `client`; returns the seconds it must now wait (nil while failures are still free).
    @discardableResult
    func failed(_ client: String, now: Date = Date()) -> Int? {
        entries.withLock { entries in
            var entry = entries[client] ?? Entry(failures: 0, first: now, last: now)
            if now.timeIntervalSince(entry.first) > Self.window, entry.blockedUntil.map({ $0 <= now }) ?? true {
                entry = Entry(failures: 0, first: now, last: now)
            }
            entry.failures += 1
            entry.last = now
            var wait: Int?
            if entry.failures >= Self.freeFailures {
                let exponent = min(entry.failures - Self.freeFailures, 20)
                let seconds = min(pow(2, Double(exponent)), Self.longestWait)
                entry.blockedUntil = now.addingTimeInterval(seconds)
                wait = Int(seconds)
            }
            if entries[client] == nil, entries.count >= capacity,
                let oldest = entries.min(by: { $0.value.last < $1.value.last })?.key
            {
                entries[oldest] = nil
            }
            entries[client] = entry
            return wait
        }
    }

    /// Forgets `client` (a successful sign-in).
    func succeeded(_ client: String) {
        _ = entries.withLock { $0.removeValue(forKey: client) }
    }
}
