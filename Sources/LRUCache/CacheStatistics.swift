/// A snapshot of an `LRUCache`'s counters, summed over its shards.
///
/// Counters are read shard by shard, so under concurrent use the sum is not one atomic instant,
/// but each shard's part is consistent.
public struct CacheStatistics: Sendable, Hashable {
    /// Lookups that found a value.
    public var hits: Int
    /// Lookups that found nothing.
    public var misses: Int
    /// Values stored (new keys and replacements; values too large to cache are not counted).
    public var insertions: Int
    /// Entries evicted because the cache was over its cost limit.
    public var evictions: Int
    /// Values not stored: their cost exceeds one shard's share of the limit, or (segmented policy with its
    /// admission filter) the key was not requested recently at least two times more often than the entry it would
    /// have displaced.
    public var rejections: Int
    /// Total cost (bytes, per the weigher) of the entries held now.
    public var currentBytes: Int
    /// Number of entries held now.
    public var currentEntries: Int

    public init(
        hits: Int = 0, misses: Int = 0, insertions: Int = 0, evictions: Int = 0, rejections: Int = 0,
        currentBytes: Int = 0, currentEntries: Int = 0
    ) {
        self.hits = hits
        self.misses = misses
        self.insertions = insertions
        self.evictions = evictions
        self.rejections = rejections
        self.currentBytes = currentBytes
        self.currentEntries = currentEntries
    }

    /// `hits / (hits + misses)`, or 0 before the first lookup.
    public var hitRatio: Double {
        let lookups = hits + misses
        return lookups == 0 ? 0 : Double(hits) / Double(lookups)
    }
}
