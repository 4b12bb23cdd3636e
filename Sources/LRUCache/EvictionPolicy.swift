/// Which entries an `LRUCache` evicts first when it is over its cost limit.
///
/// Two policies share one interface:
/// - ``lru``: plain least-recently-used.
/// - ``segmented``: segmented LRU with a probation and a protected segment (20/80 by cost), plus a short memory
///   of evicted keys; scan resistant, so one patron reading a whole collection once cannot flush everyone's
///   hot items; with a TinyLFU admission filter that also keeps a stable part of a loop that does not fit.
///
/// The default for `LRUCache` is ``segmented``, chosen by measurement: see "Choice of the default policy" on
/// `LRUCache` for the hit-ratio table.
public struct EvictionPolicy: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case lru
        case segmented
    }

    private let kind: Kind
    /// Fraction of the cost limit that the protected segment may hold (segmented policy only).
    public let protectedFraction: Double
    /// Whether a new key must have been requested more often recently than the entry it would displace
    /// (TinyLFU admission; segmented only).
    public let usesAdmissionFilter: Bool

    private init(kind: Kind, protectedFraction: Double, usesAdmissionFilter: Bool) {
        self.kind = kind
        self.protectedFraction = protectedFraction
        self.usesAdmissionFilter = usesAdmissionFilter
    }

    /// Plain least-recently-used eviction.
    public static let lru = EvictionPolicy(kind: .lru, protectedFraction: 0, usesAdmissionFilter: false)

    /// Segmented LRU with 80 % of the cost limit for the protected segment and the TinyLFU admission filter.
    public static let segmented = EvictionPolicy.segmented(protectedFraction: 0.8, usesAdmissionFilter: true)

    /// Segmented LRU with a chosen protected share.
    /// - Parameters:
    ///   - protectedFraction: share of the cost limit for the protected segment, in `0...1`.
    ///   - usesAdmissionFilter: when the cache is full, store a new key only if a frequency sketch of recent
    ///     lookups says it is requested more often (by at least two requests) than the entry it would displace
    ///     (TinyLFU). Needed for looping access patterns; it also keeps one-off requests from displacing anything.
    public static func segmented(protectedFraction: Double, usesAdmissionFilter: Bool = true) -> EvictionPolicy {
        precondition((0...1).contains(protectedFraction), "protectedFraction must be within 0...1")
        return EvictionPolicy(
            kind: .segmented, protectedFraction: protectedFraction, usesAdmissionFilter: usesAdmissionFilter)
    }

    var isSegmented: Bool { kind == .segmented }

    public var description: String {
        switch kind {
        case .lru:
            return "lru"
        case .segmented:
            let percent = Int((protectedFraction * 100).rounded())
            return "segmented(protected: \(percent)%\(usesAdmissionFilter ? ", admission filter" : ""))"
        }
    }
}
