/// A snapshot of a `DiskCache`'s counters.
public struct DiskCacheStatistics: Sendable, Hashable {
    /// Lookups that returned an entry.
    public var hits = 0
    /// Lookups that found nothing usable (including entries dropped as corrupt during the lookup).
    public var misses = 0
    /// Entries removed to stay within the capacity.
    public var evictions = 0
    /// Total size of the entries held now.
    public var currentBytes = 0
    /// Number of entries held now.
    public var currentEntries = 0
    /// Insertions that failed because the directory could not be written (unwritable, missing, disk full).
    public var writeFailures = 0
    /// Entries dropped because their bytes no longer matched their checksum (or their file vanished or shrank).
    public var corruptDrops = 0

    public init() {}
}
