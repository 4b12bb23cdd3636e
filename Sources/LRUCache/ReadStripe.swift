#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif
public import Synchronization

/// What lookups leave behind for the shard's policy, kept per thread so that a lookup writes no memory another
/// core is using.
///
/// Each shard has a few read stripes, each behind its own `Mutex`. A lookup locks only its thread's stripe, reads
/// the shard's index (whose layout nothing changes while any stripe is locked), counts the hit or miss in the
/// stripe and appends what the policy must learn — the key's hash tag, and for a hit the bucket it was found in —
/// to the stripe's buffer. A full buffer is replayed into the policy under the shard's policy lock; insertion and
/// removal take that lock and every stripe, in order, and replay each buffer first, so the policy sees every lookup
/// before any decision, and a buffered bucket is never stale (see `ShardSet`).
///
/// One thread always uses the same stripe (until it meets another thread on it), so a single thread's lookups are
/// replayed in the order it made them: the eviction order stays exact for sequential use.
@usableFromInline struct ReadStripe: Sendable {
    @usableFromInline static var capacity: Int { 64 }

    @usableFromInline var count = 0
    @usableFromInline var hits = 0
    @usableFromInline var misses = 0
    /// Hash of the latest lookup this stripe made in the shard (segmented policy only), so that the usual
    /// "look up, miss, insert" counts as one request for the frequency estimate, not two.
    @usableFromInline var lastLookupHash: Int?
    /// Bits 0..<32: the bucket of a hit plus one, or 0 for a miss. Bits 32..<64: the key's hash tag.
    @usableFromInline var entries = InlineArray<64, UInt64>(repeating: 0)

    @inlinable init() {}

    /// Appends a lookup, unless the buffer is full (then the lookup's recency update is lost; see `ShardSet`);
    /// returns whether the buffer is full now.
    @inlinable @inline(__always) mutating func record(tag: UInt32, bucket: Int?) -> Bool {
        if count == Self.capacity { return true }
        let low = bucket.map { UInt64(truncatingIfNeeded: $0 &+ 1) } ?? 0
        entries[count] = UInt64(tag) &<< 32 | low
        count &+= 1
        return count == Self.capacity
    }
}

/// Which read stripe the calling thread uses: a small number per thread, kept in thread-local storage. Threads get
/// consecutive numbers when they first use any cache, so the few threads that share a machine's cores start on
/// different stripes; a thread that finds its stripe locked by another moves on (`advance()`).
@usableFromInline enum ThreadStripe {
    @usableFromInline typealias Key = pthread_key_t

    /// Processors online, which sizes the stripes.
    @usableFromInline static var processorCount: Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }

    @usableFromInline static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-local storage key left for LRUCache")
        return key
    }()

    @usableFromInline static let nextNumber = Atomic<Int>(0)

    /// The calling thread's stripe number (any non-negative integer; callers mask it). `key` is `Self.key`,
    /// which callers keep at hand so that the hot path does not go through the global's lazy initialisation.
    @inlinable @inline(__always) static func current(key: pthread_key_t) -> Int {
        if let stored = pthread_getspecific(key) { return Int(bitPattern: stored) &>> 1 }
        return assign(nextNumber.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    /// Gives the calling thread another stripe number after it found its stripe busy.
    @usableFromInline static func advance(from number: Int) -> Int {
        // An odd step visits every stripe of a power-of-two count before repeating.
        assign(number &+ 0x9E37_79B9)
    }

    @usableFromInline static func assign(_ number: Int) -> Int {
        let number = number & Int.max >> 1
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: number &<< 1 | 1))
        return number
    }
}
