public import Synchronization
public import CLRUCacheSupport

/// The shards of one cache, specialised for one replacement policy so that the hot path has no dynamic dispatch.
///
/// Each shard is a `CacheShard`, a policy lock (a `Mutex`) and `stripeCount` read stripes (`ReadStripe`), each
/// behind its own `Mutex`. One lock per shard would not let lookups scale across cores: every lookup writes the lock
/// word, so its cache line moves between the cores on nearly every lookup, however many shards there are. Here:
/// - a lookup locks only its thread's stripe, finds the entry, counts the hit or miss there and buffers what the
///   policy must learn. Lookups by different threads write nothing in common. When the buffer is full, the lookup
///   replays it into the policy under the policy lock (`replay`); if another thread holds that lock, the lookup
///   does not wait but leaves its recency update out (hits and misses are still counted), as Caffeine's lossy read
///   buffers do. A thread alone never finds the lock taken, so sequential use loses nothing;
/// - replaying changes only the policy's lists, its sketch and flag bits of index words (written atomically), so it
///   needs the policy lock only, and lookups go on meanwhile;
/// - insertion and removal take the policy lock and then every stripe, in order, replaying each stripe's buffer
///   as it goes (`withShard`): they see every lookup first, and no buffered bucket is ever stale.
///
/// Everything lives in one raw allocation: shard `i`'s block holds its `CacheShard`, its policy lock, its prefetch
/// hints (`hints(of:)`) and then its stripes, each in its own 128-byte-aligned slot so that no two share a cache
/// line. `ShardSet` itself is a trivial
/// struct (a pointer and some integers), not a class: copying it out of `LRUCache`'s storage enum on every call
/// costs no retain/release, whose atomic increments on one shared object would bounce a cache line between cores
/// on every lookup. Its owner, `LRUCache`, frees it in `deinit`.
///
/// `@unchecked Sendable` is sound because: the pointer and the integers are immutable after `init`; a stripe is
/// only used under its `Mutex`; a `CacheShard`'s entries (keys, values, the index's layout) are read under one of
/// its stripes' mutexes and changed only under all of them plus the policy lock; its policy state is used only
/// under the policy lock; the index words that both read, and the prefetch hints, are accessed atomically; and the
/// memory is deinitialized only by `deallocate()`, which the owning `LRUCache` calls from its `deinit`, when no
/// other reference to the cache (hence no concurrent access, and no other use of this struct) can exist.
@usableFromInline
struct ShardSet<Key: Hashable & Sendable, Value: Sendable, Policy: ReplacementPolicy>: @unchecked Sendable {
    @usableFromInline typealias Shard = CacheShard<Key, Value, Policy>
    @usableFromInline typealias Stripe = Mutex<ReadStripe>
    @usableFromInline typealias PolicyLock = Mutex<Void>

    @usableFromInline let base: UnsafeMutableRawPointer
    /// Bytes from one shard's block to the next.
    @usableFromInline let blockSize: Int
    /// Bytes from a block's start to its policy lock, to its hints and to its first stripe; from one stripe to the
    /// next.
    @usableFromInline let lockOffset: Int
    @usableFromInline let hintsOffset: Int
    @usableFromInline let stripeOffset: Int
    @usableFromInline let stripeSize: Int
    @usableFromInline let mask: Int
    @usableFromInline let stripeMask: Int
    /// Maximum cost one shard can hold (the smallest share, so "fits in a shard" means fits in any shard).
    @usableFromInline let shardCapacity: Int
    /// Random per cache; mixed into the hash of integer keys (see `hash(_:)`).
    @usableFromInline let seed: UInt64
    /// `ThreadStripe.key`.
    @usableFromInline let stripeKey: ThreadStripe.Key
    /// The policy's `countsRequests`, kept here so that lookups need not read the policy.
    @usableFromInline let countsRequests: Bool

    /// Read stripes per shard: one per processor (at least 2), as a power of two, so that the threads that run at
    /// once can each have a stripe of their own (a thread that meets another on its stripe moves to the next).
    /// Every insertion and removal locks them all, so more would make writes dearer.
    @usableFromInline static var defaultStripeCount: Int {
        let wanted = min(64, max(2, ThreadStripe.processorCount))
        var count = 1
        while count < wanted { count <<= 1 }
        return count
    }

    @usableFromInline
    init(costLimit: Int, shardCount: Int, configuration: EvictionPolicy, stripeCount: Int = Self.defaultStripeCount) {
        precondition(stripeCount > 0 && stripeCount & (stripeCount - 1) == 0)
        seed = UInt64.random(in: .min ... .max)
        stripeKey = ThreadStripe.key
        func rounded(_ size: Int) -> Int { (size + 127) / 128 * 128 }
        lockOffset = rounded(MemoryLayout<Shard>.stride)
        hintsOffset = lockOffset + rounded(MemoryLayout<PolicyLock>.stride)
        stripeOffset = hintsOffset + 128
        stripeSize = rounded(MemoryLayout<Stripe>.stride)
        blockSize = stripeOffset + stripeCount * stripeSize
        base = UnsafeMutableRawPointer.allocate(byteCount: blockSize * shardCount, alignment: 128)
        mask = shardCount - 1
        stripeMask = stripeCount - 1
        let share = costLimit / shardCount
        let remainder = costLimit % shardCount
        shardCapacity = share
        countsRequests = Policy(capacity: 1, configuration: configuration).countsRequests
        for i in 0..<shardCount {
            let block = base + i * blockSize
            let shard = Shard(capacity: share + (i < remainder ? 1 : 0), configuration: configuration)
            block.bindMemory(to: Shard.self, capacity: 1).initialize(to: shard)
            (block + lockOffset).bindMemory(to: PolicyLock.self, capacity: 1).initialize(to: Mutex(()))
            let hints = (block + hintsOffset).bindMemory(to: Atomic<Int>.self, capacity: Self.hintCount)
            for i in 0..<Self.hintCount { (hints + i).initialize(to: Atomic(0)) }
            for s in 0..<stripeCount {
                (block + stripeOffset + s * stripeSize).bindMemory(to: Stripe.self, capacity: 1)
                    .initialize(to: Mutex(ReadStripe()))
            }
            publishHints(of: i)
        }
    }

    /// Number of prefetch hints per shard (see `publishHints`).
    @usableFromInline static var hintCount: Int { 5 }

    /// Deinitializes every shard and frees the allocation. Called once, by the owner's `deinit`; the set must not
    /// be used afterwards.
    @usableFromInline
    func deallocate() {
        for i in 0...mask {
            shard(i).deinitialize(count: 1)
            policyLock(of: i).deinitialize(count: 1)
            for s in 0...stripeMask { stripe(s, of: i).deinitialize(count: 1) }
        }
        base.deallocate()
    }

    @inlinable @inline(__always)
    func shard(_ index: Int) -> UnsafeMutablePointer<Shard> {
        (base + index &* blockSize).assumingMemoryBound(to: Shard.self)
    }

    @inlinable @inline(__always)
    func policyLock(of shard: Int) -> UnsafeMutablePointer<PolicyLock> {
        (base + shard &* blockSize + lockOffset).assumingMemoryBound(to: PolicyLock.self)
    }

    /// Where a lookup may prefetch from, published by whoever changed the shard last (with all its locks held):
    /// the index's base, mask and shift, and the sketch's address and block mask. A lookup reads them before
    /// taking any lock, so they may be out of date; they only ever feed prefetch hints.
    @inlinable @inline(__always)
    func hints(of shard: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        (base + shard &* blockSize + hintsOffset).assumingMemoryBound(to: Atomic<Int>.self)
    }

    /// Stores the hints, writing only those that changed (the index grew, the sketch was replaced): a store would
    /// take the line away from every core that reads it.
    @inlinable func publishHints(of index: Int) {
        let shard = shard(index)
        let (sketchAddress, sketchMask) = shard.pointee.policy.readAhead
        let values = (
            Int(bitPattern: shard.pointee.table.base), shard.pointee.table.bucketMask,
            Int(truncatingIfNeeded: shard.pointee.table.indexShift), sketchAddress, sketchMask
        )
        let hints = hints(of: index)
        func publish(_ value: Int, at offset: Int) {
            if (hints + offset).pointee.load(ordering: .relaxed) != value {
                (hints + offset).pointee.store(value, ordering: .relaxed)
            }
        }
        publish(values.0, at: 0)
        publish(values.1, at: 1)
        publish(values.2, at: 2)
        publish(values.3, at: 3)
        publish(values.4, at: 4)
    }

    /// Starts loading the cache lines a lookup, insertion or removal of `hash` in shard `index` will need: the
    /// key's home bucket and, for a policy that counts requests, the sketch counters its replay will update. Done
    /// before taking any lock, so that these misses overlap the locking instead of following it, and are not taken
    /// while holding a lock that the other cores wait for.
    @inlinable @inline(__always)
    func prefetch(_ hash: Int, in index: Int) {
        let hints = hints(of: index)
        let indexBase = hints.pointee.load(ordering: .relaxed)
        if indexBase != 0 {
            let tag = UInt64(Shard.Table.tag(hash))
            let shift = UInt64(truncatingIfNeeded: (hints + 2).pointee.load(ordering: .relaxed))
            let home = Int(truncatingIfNeeded: (tag &<< 32) &>> shift) & (hints + 1).pointee.load(ordering: .relaxed)
            clru_prefetch(UnsafeRawPointer(bitPattern: indexBase &+ home &* BucketStorage<Key, Value>.stride))
        }
        let sketchAddress = (hints + 3).pointee.load(ordering: .relaxed)
        if sketchAddress != 0 {
            let spread = FrequencySketch.spread(Int(Shard.Table.tag(hash)))
            let block = sketchAddress &+ (Int(truncatingIfNeeded: spread) & (hints + 4).pointee.load(ordering: .relaxed)) &* 64
            clru_prefetch(UnsafeRawPointer(bitPattern: block))
            clru_prefetch(UnsafeRawPointer(bitPattern: block &+ 56))
        }
    }

    @inlinable @inline(__always)
    func stripe(_ stripe: Int, of shard: Int) -> UnsafeMutablePointer<Stripe> {
        (base + shard &* blockSize + stripeOffset + (stripe & stripeMask) &* stripeSize)
            .assumingMemoryBound(to: Stripe.self)
    }

    @inline(__always)
    @inlinable func shardIndex(for hash: Int) -> Int {
        // `hash(_:)` is well mixed; fold the high half in anyway so that a weak custom `hash(into:)` that only
        // varies high bits still spreads over the shards.
        (hash ^ (hash &>> 32)) & mask
    }

    /// Runs `body` with the calling thread's stripe of `shard` locked. If another thread holds it, the thread
    /// moves to another stripe for good and waits for that one (never holding two).
    @inlinable @inline(__always)
    func withStripe<R: Sendable>(of shard: Int, _ body: (inout ReadStripe) -> R) -> R {
        let number = ThreadStripe.current(key: stripeKey)
        if let result = stripe(number, of: shard).pointee.withLockIfAvailable({ body(&$0) }) { return result }
        return withStripeAfterContention(of: shard, number: number, body)
    }

    @inlinable @inline(never)
    func withStripeAfterContention<R: Sendable>(of shard: Int, number: Int, _ body: (inout ReadStripe) -> R) -> R {
        stripe(ThreadStripe.advance(from: number), of: shard).pointee.withLock { body(&$0) }
    }

    /// Replays the calling thread's stripe of shard `index` into the policy, unless another thread holds the
    /// policy lock (then the buffer stays as it is, and lookups skip recording until it has room).
    @inlinable @inline(never)
    func replay(_ index: Int) {
        let shard = shard(index)
        // Lock order as in `withShard`: the policy lock, then a stripe.
        policyLock(of: index).pointee.withLockIfAvailable { _ in
            withStripe(of: index) { shard.pointee.replay(&$0) }
        }
    }

    /// Runs `body` on shard `index` with its policy lock and all of its stripes locked, after replaying every
    /// stripe's buffered lookups. `body` also gets the hash of the calling thread's latest lookup in the shard
    /// (which it then forgets).
    @inlinable
    func withShard<R: Sendable>(_ index: Int, _ body: (inout Shard, _ lastLookupHash: Int?) -> R) -> R {
        let caller = ThreadStripe.current(key: stripeKey) & stripeMask
        return policyLock(of: index).pointee.withLock { _ in
            withStripes(of: index, from: 0, caller: caller, lastLookupHash: nil, body)
        }
    }

    @inlinable
    func withStripes<R: Sendable>(
        of index: Int, from first: Int, caller: Int, lastLookupHash: Int?,
        _ body: (inout Shard, _ lastLookupHash: Int?) -> R
    ) -> R {
        if first > stripeMask {
            let result = body(&shard(index).pointee, lastLookupHash)
            publishHints(of: index)
            return result
        }
        let shard = shard(index)
        return stripe(first, of: index).pointee.withLock { stripe in
            shard.pointee.replay(&stripe)
            var lastLookupHash = lastLookupHash
            if first == caller {
                lastLookupHash = stripe.lastLookupHash
                stripe.lastLookupHash = nil
            }
            return withStripes(of: index, from: first + 1, caller: caller, lastLookupHash: lastLookupHash, body)
        }
    }

    @inline(__always)
    @inlinable func value(forKey key: Key) -> Value? {
        let hash = hash(key)
        let index = shardIndex(for: hash)
        let shard = shard(index)
        let countsRequests = countsRequests
        prefetch(hash, in: index)
        let (value, full) = withStripe(of: index) { stripe -> (Value?, Bool) in
            // Only trivial fields of the shard are read here (see `SlotTable.base`).
            let base = shard.pointee.table.base
            let bucket = Shard.Table.bucket(
                forKey: key, hash: hash, base: base, mask: shard.pointee.table.bucketMask,
                shift: shard.pointee.table.indexShift)
            if countsRequests { stripe.lastLookupHash = hash }
            guard let bucket else {
                stripe.misses &+= 1
                return (nil, countsRequests && stripe.record(tag: Shard.Table.tag(hash), bucket: nil))
            }
            stripe.hits &+= 1
            let value = Shard.Table.value(atBucket: bucket, base: base)
            return (value, stripe.record(tag: Shard.Table.tag(hash), bucket: bucket))
        }
        if full { replay(index) }
        return value
    }

    @inlinable func peek(_ key: Key) -> Value? {
        let hash = hash(key)
        let index = shardIndex(for: hash)
        let shard = shard(index)
        return withStripe(of: index) { _ in
            let base = shard.pointee.table.base
            return Shard.Table.bucket(
                forKey: key, hash: hash, base: base, mask: shard.pointee.table.bucketMask,
                shift: shard.pointee.table.indexShift
            ).map { Shard.Table.value(atBucket: $0, base: base) }
        }
    }

    @inlinable func insert(
        _ value: Value, forKey key: Key, cost: Int, collect: Bool
    ) -> [(key: Key, value: Value, reason: EvictionReason)] {
        let hash = hash(key)
        let index = shardIndex(for: hash)
        prefetch(hash, in: index)
        return withShard(index) { shard, lastLookupHash in
            shard.lastLookupHash = lastLookupHash
            return shard.insert(value, forKey: key, cost: cost, keyHash: hash, collect: collect)
        }
    }

    @inlinable func removeValue(forKey key: Key) -> Value? {
        let hash = hash(key)
        let index = shardIndex(for: hash)
        prefetch(hash, in: index)
        return withShard(index) { shard, _ in shard.removeValue(forKey: key, keyHash: hash) }
    }

    @inlinable func removeAll() -> [(key: Key, value: Value)] {
        var all: [(key: Key, value: Value)] = []
        for i in 0...mask {
            all += withShard(i) { shard, _ in shard.removeAll() }
        }
        return all
    }

    @inlinable var statistics: CacheStatistics {
        var total = CacheStatistics()
        for i in 0...mask {
            let s = policyLock(of: i).pointee.withLock { _ in shard(i).pointee.statistics }
            total.hits += s.hits
            total.misses += s.misses
            total.insertions += s.insertions
            total.evictions += s.evictions
            total.rejections += s.rejections
            total.currentBytes += s.currentBytes
            total.currentEntries += s.currentEntries
            for stripe in 0...stripeMask {
                let (hits, misses) = self.stripe(stripe, of: i).pointee.withLock { ($0.hits, $0.misses) }
                total.hits += hits
                total.misses += misses
            }
        }
        return total
    }
}
