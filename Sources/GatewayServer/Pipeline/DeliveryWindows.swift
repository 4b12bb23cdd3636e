import Delivery
import Foundation
import Synchronization

/// What this node remembers of delivery links between requests, so a viewer's many range requests do not each cost
/// a database write and a read: open download windows it has recorded, delivery rows read within the last
/// ``rowLifetime`` (revocation and expiry are checked on every request against a row at most that old), and the
/// deliveries revoked through this node (effective at once here). The database stays the authority: a window unknown
/// here is decided there (``DeliveryStore/recordAccess``).
final class DeliveryWindows: Sendable {
    private struct Key: Hashable {
        var deliveryID: String
        var client: String
    }

    /// (delivery, client) → when the window closes, and when the row's `lastAccessAt` was last moved.
    private let windows = Mutex<[Key: (closes: Date, touched: Date)]>([:])
    /// How stale `lastAccessAt` may get before a request inside a window records it again.
    static let touchInterval: TimeInterval = 60

    /// Whether `client` has an open window on `deliveryID` that needs no database write now.
    func isOpen(deliveryID: String, client: String, now: Date) -> Bool {
        windows.withLock { windows in
            guard let window = windows[Key(deliveryID: deliveryID, client: client)], now < window.closes else { return false }
            return now.timeIntervalSince(window.touched) < Self.touchInterval
        }
    }

    /// Remembers a window the database opened or continued.
    func remember(deliveryID: String, client: String, closes: Date, now: Date) {
        windows.withLock { windows in
            if windows.count > 50_000 { windows = windows.filter { now < $0.value.closes } }
            windows[Key(deliveryID: deliveryID, client: client)] = (closes, now)
        }
    }

    /// How long a delivery row read from the database is used before it is read again: a revocation made by another
    /// process (`gateway deliveries revoke`, another node) takes effect within this time.
    static let rowLifetime: TimeInterval = 1
    private let rows = Mutex<[String: (delivery: Delivery, read: Date)]>([:])
    /// Revocations through this node so far: a connection that remembers a delivery checks this one number, not the
    /// tables, between two full checks.
    private let revocationCount = Atomic<Int>(0)
    var revocations: Int { revocationCount.load(ordering: .acquiring) }
    private let revokedHere = Mutex<[String: Date]>([:])

    /// The delivery of `token` from a read at most ``rowLifetime`` old, or nil. Never blocks.
    func recentDelivery(token: String, now: Date) -> Delivery? {
        guard let row = rows.withLock({ $0[token] }), now.timeIntervalSince(row.read) < Self.rowLifetime else { return nil }
        var delivery = row.delivery
        if delivery.revokedAt == nil, let revoked = revokedHere.withLock({ $0[delivery.id] }) { delivery.revokedAt = revoked }
        return delivery
    }

    /// The delivery of `token`, from a read at most ``rowLifetime`` old or from `load`; nil for unknown tokens.
    func delivery(token: String, now: Date, load: (String) async throws -> Delivery?) async throws -> Delivery? {
        if let delivery = recentDelivery(token: token, now: now) { return delivery }
        guard let delivery = try await load(token) else { return nil }
        rows.withLock { rows in
            if rows.count > 10_000 { rows = rows.filter { now.timeIntervalSince($0.value.read) < Self.rowLifetime } }
            rows[token] = (delivery, now)
        }
        return delivery
    }

    /// Forgets every window of a delivery revoked through this node, and marks it revoked for the rows in memory.
    func forget(deliveryID: String, revokedAt: Date = Date()) {
        revocationCount.add(1, ordering: .releasing)
        windows.withLock { windows in windows = windows.filter { $0.key.deliveryID != deliveryID } }
        revokedHere.withLock { revoked in
            // After a row lifetime every row in memory has been read again, revocation included.
            revoked = revoked.filter { revokedAt.timeIntervalSince($0.value) < 10 * Self.rowLifetime }
            revoked[deliveryID] = revokedAt
        }
    }
}
