/// One shard of an `LRUCache`: its slots, its policy's lists and its counters. Every operation is O(1) apart from
/// the evictions an insertion causes. `ShardSet` guards it with read stripes and a policy lock (lookups there go
/// through the stripes and `replay`, and count hits and misses in the stripes); the disk tier's index uses one
/// directly under a single `Mutex`, lookups included.
@usableFromInline struct CacheShard<Key: Hashable, Value, Policy: ReplacementPolicy> {
    @usableFromInline typealias Removed = (key: Key, value: Value, reason: EvictionReason)

    @usableFromInline var hits = 0
    /// Hash of the key of the latest lookup, so that the usual "look up, miss, insert" counts as one request
    /// for the policy's frequency estimate, not two.
    @usableFromInline var lastLookupHash: Int?
    @usableFromInline var policy: Policy
    @usableFromInline var table = SlotTable<Key, Value>()
    @usableFromInline let capacity: Int
    @usableFromInline var totalCost = 0
    @usableFromInline var misses = 0
    @usableFromInline var insertions = 0
    @usableFromInline var evictions = 0
    @usableFromInline var rejections = 0

    @inlinable init(capacity: Int, configuration: EvictionPolicy) {
        self.capacity = capacity
        self.policy = Policy(capacity: capacity, configuration: configuration)
    }

    @inlinable var count: Int { table.count }

    @usableFromInline typealias Table = SlotTable<Key, Value>

    /// Tells the policy about the lookups a read stripe buffered (in the order they were made) and empties the
    /// buffer. Its hits and misses are already counted in the stripe.
    @inlinable mutating func replay(_ stripe: inout ReadStripe) {
        let count = stripe.count
        guard count > 0 else { return }
        // The sketch first, for the whole batch: hits do not read it, and it does not read the lists.
        if policy.countsRequests { policy.recordAccesses(in: &stripe) }
        for i in 0..<count {
            let bucket = Int(truncatingIfNeeded: stripe.entries[i] & 0xFFFF_FFFF) &- 1
            if bucket >= 0 { policy.touch(table.slot(atBucket: bucket), bucket: bucket, in: &table) }
        }
        stripe.count = 0
    }

    /// Looks a key up, counting a hit or a miss and telling the policy about a hit. `keyHash` is the
    /// key's hash, computed by the caller the same way for every operation on this shard (`ShardSet.hash(_:)`, or
    /// `hashValue` through the conveniences below).
    @inlinable mutating func value(forKey key: Key, keyHash: Int) -> Value? {
        if policy.countsRequests {
            policy.recordAccess(keyTag: Int(SlotTable<Key, Value>.tag(keyHash)))
            lastLookupHash = keyHash
        }
        guard let bucket = table.bucket(forKey: key, hash: keyHash) else {
            misses &+= 1
            return nil
        }
        hits &+= 1
        policy.touch(table.slot(atBucket: bucket), bucket: bucket, in: &table)
        return table.value(atBucket: bucket)
    }

    /// Looks a key up without counting or reordering.
    @inlinable func peek(_ key: Key, keyHash: Int) -> Value? {
        table.bucket(forKey: key, hash: keyHash).map { table.value(atBucket: $0) }
    }

    /// Changes the value stored for `key` in place, without counting a lookup or reordering; its cost is kept.
    @inlinable mutating func modifyValue<R>(forKey key: Key, keyHash: Int, _ body: (inout Value) -> R) -> R? {
        guard let slot = table.slot(forKey: key, hash: keyHash) else { return nil }
        return table.modifyValue(at: slot, body)
    }

    /// Stores `value`, evicting as the policy says until the shard is within its capacity.
    /// - Parameter collect: whether to return what left the shard (only needed when a listener is set).
    /// - Returns: entries that left the shard, when `collect` is true.
    @inlinable mutating func insert(
        _ value: Value, forKey key: Key, cost: Int, keyHash: Int, collect: Bool
    ) -> [Removed] {
        var removed: [Removed] = []
        let keyTag = Int(SlotTable<Key, Value>.tag(keyHash))
        if policy.countsRequests {
            if lastLookupHash != keyHash { policy.recordAccess(keyTag: keyTag) }
            lastLookupHash = nil
        }
        policy.flush(in: &table)
        let slot: SlotIndex
        if let existing = table.slot(forKey: key, hash: keyHash) {
            policy.unlink(existing, in: &table)
            totalCost -= table.cost(at: existing)
            if cost > capacity {
                let old = table.free(existing)
                rejections &+= 1
                if collect { removed.append((old.key, old.value, .replaced)) }
                return removed
            }
            if collect { removed.append((key, table.value(at: existing), .replaced)) }
            table.replace(at: existing, value: value, cost: cost)
            policy.relinkUpdated(existing, in: &table)
            slot = existing
        } else {
            if cost > capacity {
                rejections &+= 1
                return removed
            }
            if totalCost + cost > capacity, let victim = policy.victim(in: table, sparing: SlotList.none),
                !policy.admits(candidateTag: keyTag, victimTag: Int(table.tag(at: victim)))
            {
                rejections &+= 1
                return removed
            }
            slot = table.allocate(key: key, hash: keyHash, value: value, cost: cost)
            policy.admit(slot, keyHash: keyHash, in: &table)
        }
        totalCost += cost
        insertions &+= 1
        while totalCost > capacity, let victim = policy.victim(in: table, sparing: slot) {
            policy.unlink(victim, in: &table)
            totalCost -= table.cost(at: victim)
            let old = table.free(victim)
            evictions &+= 1
            if collect { removed.append((old.key, old.value, .capacity)) }
        }
        return removed
    }

    @inlinable mutating func removeValue(forKey key: Key, keyHash: Int) -> Value? {
        guard let slot = table.slot(forKey: key, hash: keyHash) else { return nil }
        policy.flush(in: &table)
        policy.unlink(slot, in: &table)
        totalCost -= table.cost(at: slot)
        return table.free(slot).value
    }

    @inlinable mutating func removeAll() -> [(key: Key, value: Value)] {
        policy.removeAll()
        totalCost = 0
        return table.removeAll()
    }

    // Conveniences for callers that do not have the hash at hand (the disk tier's index); they hash with
    // `hashValue`, so a shard must be used through these or with `hashValue` hashes only.

    @inlinable func peek(_ key: Key) -> Value? { peek(key, keyHash: key.hashValue) }

    @inlinable mutating func modifyValue<R>(forKey key: Key, _ body: (inout Value) -> R) -> R? {
        modifyValue(forKey: key, keyHash: key.hashValue, body)
    }

    @inlinable mutating func removeValue(forKey key: Key) -> Value? {
        removeValue(forKey: key, keyHash: key.hashValue)
    }

    @inlinable var statistics: CacheStatistics {
        CacheStatistics(
            hits: hits, misses: misses, insertions: insertions, evictions: evictions, rejections: rejections,
            currentBytes: totalCost, currentEntries: table.count)
    }
}

// The shard holds only keys, values (both Sendable here), integers and the policy (Sendable).
extension CacheShard: Sendable where Key: Sendable, Value: Sendable {}
