import Foundation
import Synchronization

/// Download windows of deliveries this node has already recorded, so a viewer's further range requests inside an
/// open window are served after a read of the delivery's row instead of a write transaction each. The database stays
/// the authority: a window unknown here is decided there (``DeliveryStore/recordAccess``), and revocation and expiry
/// are checked on every request from the row read.
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

    /// Forgets every window of a revoked delivery.
    func forget(deliveryID: String) {
        windows.withLock { windows in windows = windows.filter { $0.key.deliveryID != deliveryID } }
    }
}
