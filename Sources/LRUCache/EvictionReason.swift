/// Why an entry left an `LRUCache`, as told to its eviction listener.
public struct EvictionReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case capacity
        case replaced
        case removed
        case cleared
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The cache was over its cost limit and the policy chose this entry.
    public static let capacity = EvictionReason(.capacity)
    /// A new value was inserted for the same key (or the new value was too large to cache, dropping the old one).
    public static let replaced = EvictionReason(.replaced)
    /// `removeValue(forKey:)` removed it.
    public static let removed = EvictionReason(.removed)
    /// `removeAll()` removed it.
    public static let cleared = EvictionReason(.cleared)

    public var description: String {
        switch kind {
        case .capacity: "capacity"
        case .replaced: "replaced"
        case .removed: "removed"
        case .cleared: "cleared"
        }
    }
}
