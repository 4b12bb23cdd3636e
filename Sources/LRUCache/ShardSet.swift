public import Synchronization

/// The shards of one cache, each behind its own `Mutex`, specialised for one replacement policy so that the
/// hot path has no dynamic dispatch.
///
/// The mutexes live in one raw allocation, each in its own 128-byte-aligned slot so two shards never share a
/// cache line (no false sharing between cores), and are reached by pointer. `ShardSet` itself is a trivial struct
/// (a pointer and two integers), not a class: copying it out of `LRUCache`'s storage enum on every call costs no
/// retain/release, whose atomic increments on one shared object would bounce a cache line between cores on every
/// lookup (measured: ~10 % of a hit on one core, more on two). Its owner, `LRUCache`, frees it in `deinit`.
///
/// `@unchecked Sendable` is sound because: the pointer, `slotSize` and `mask` are immutable after `init`; the
/// memory they point to is only ever read or written through each slot's `Mutex`; and it is deinitialized only by
/// `deallocate()`, which the owning `LRUCache` calls from its `deinit`, when no other reference to the cache
/// (hence no concurrent access, and no other use of this struct) can exist.
@usableFromInline
struct ShardSet<Key: Hashable & Sendable, Value: Sendable, Policy: ReplacementPolicy>: @unchecked Sendable {
    @usableFromInline typealias Shard = Mutex<CacheShard<Key, Value, Policy>>

    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let slotSize: Int
    @usableFromInline let mask: Int
    /// Random per cache; mixed into the hash of integer keys (see `hash(_:)`).
    @usableFromInline let seed: UInt64

    @usableFromInline
    init(costLimit: Int, shardCount: Int, configuration: EvictionPolicy) {
        seed = UInt64.random(in: .min ... .max)
        let stride = MemoryLayout<Shard>.stride
        slotSize = (stride + 127) / 128 * 128
        base = UnsafeMutableRawPointer.allocate(byteCount: slotSize * shardCount, alignment: 128)
        mask = shardCount - 1
        let share = costLimit / shardCount
        let remainder = costLimit % shardCount
        for i in 0..<shardCount {
            let shard = CacheShard<Key, Value, Policy>(
                capacity: share + (i < remainder ? 1 : 0), configuration: configuration)
            (base + i * slotSize).bindMemory(to: Shard.self, capacity: 1).initialize(to: Mutex(shard))
        }
    }

    /// Deinitializes every shard and frees the allocation. Called once, by the owner's `deinit`; the set must not
    /// be used afterwards.
    @usableFromInline
    func deallocate() {
        for i in 0...mask {
            (base + i * slotSize).assumingMemoryBound(to: Shard.self).deinitialize(count: 1)
        }
        base.deallocate()
    }

    @inlinable @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<Shard> {
        (base + index * slotSize).assumingMemoryBound(to: Shard.self)
    }

    /// Maximum cost one shard can hold (the smallest share, so "fits in a shard" means fits in any shard).
    @inlinable var shardCapacity: Int {
        slot(mask).pointee.withLock { $0.capacity }
    }

    @inline(__always)
    @inlinable func shard(for hash: Int) -> UnsafeMutablePointer<Shard> {
        // `hash(_:)` is well mixed; fold the high half in anyway so that a weak custom `hash(into:)` that only
        // varies high bits still spreads over the shards.
        let folded = hash ^ (hash &>> 32)
        return slot(folded & mask)
    }

    @inline(__always)
    @inlinable func value(forKey key: Key) -> Value? {
        let hash = hash(key)
        return shard(for: hash).pointee.withLock { $0.value(forKey: key, keyHash: hash) }
    }

    @inlinable func peek(_ key: Key) -> Value? {
        let hash = hash(key)
        return shard(for: hash).pointee.withLock { $0.peek(key, keyHash: hash) }
    }

    @inlinable func insert(
        _ value: Value, forKey key: Key, cost: Int, collect: Bool
    ) -> [(key: Key, value: Value, reason: EvictionReason)] {
        let hash = hash(key)
        return shard(for: hash).pointee.withLock {
            $0.insert(value, forKey: key, cost: cost, keyHash: hash, collect: collect)
        }
    }

    @inlinable func removeValue(forKey key: Key) -> Value? {
        let hash = hash(key)
        return shard(for: hash).pointee.withLock { $0.removeValue(forKey: key, keyHash: hash) }
    }

    @inlinable func removeAll() -> [(key: Key, value: Value)] {
        var all: [(key: Key, value: Value)] = []
        for i in 0...mask {
            all += slot(i).pointee.withLock { $0.removeAll() }
        }
        return all
    }

    @inlinable var statistics: CacheStatistics {
        var total = CacheStatistics()
        for i in 0...mask {
            let s = slot(i).pointee.withLock { $0.statistics }
            total.hits += s.hits
            total.misses += s.misses
            total.insertions += s.insertions
            total.evictions += s.evictions
            total.rejections += s.rejections
            total.currentBytes += s.currentBytes
            total.currentEntries += s.currentEntries
        }
        return total
    }
}
