public import Foundation

/// What the console's deliveries page asks for: any of library, reader (patron id, exact), item (asset id, exact)
/// and state at `now`, newest first.
public struct DeliverySearch: Sendable, Hashable {
    public var library: String?
    public var patron: String?
    public var asset: String?
    public var state: DeliveryState?
    public var now: Date

    public init(library: String? = nil, patron: String? = nil, asset: String? = nil, state: DeliveryState? = nil, now: Date = Date()) {
        self.library = library
        self.patron = patron
        self.asset = asset
        self.state = state
        self.now = now
    }

    /// The SQL condition of ``state`` (as ``Delivery/state(at:)`` decides it) on columns named `revoked`, `expires`,
    /// `used` and `allowed`, with `?`/`$n` placeholders left to the caller: one parameter, `now` in milliseconds,
    /// for every state but `revoked`.
    package static func condition(
        _ state: DeliveryState, revoked: String, expires: String, used: String, allowed: String, now: String
    ) -> String {
        switch state {
        case .revoked: return "\(revoked) IS NOT NULL"
        case .expired: return "\(revoked) IS NULL AND \(expires) <= \(now)"
        case .exhausted: return "\(revoked) IS NULL AND \(expires) > \(now) AND \(used) >= \(allowed)"
        case .active: return "\(revoked) IS NULL AND \(expires) > \(now) AND \(used) < \(allowed)"
        }
    }
}
