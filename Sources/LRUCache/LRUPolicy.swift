/// Plain least-recently-used order: one list; inserts and hits go to the head, the tail is evicted.
///
/// Hits are not relinked one by one: a hit appends its slot to a small read buffer (a hit on the entry that is
/// already the most recent one, with nothing buffered, changes nothing and is not recorded), and the buffer is
/// replayed in order — each slot moved to the head — when it is full and before every insertion, removal or
/// eviction (`flush`). Replaying in order gives exactly the list that relinking on every hit would give, so the
/// eviction order is exact LRU; the relinking work is batched under one lock hold, where the processor can
/// overlap the memory accesses of consecutive moves.
///
/// Only each slot's *last* buffered hit is replayed: moving a slot to the head again overrides where an earlier
/// move put it and leaves the relative order of every other slot unchanged, so dropping the earlier moves gives
/// the same list. Under skewed (Zipf) traffic the hot keys fill much of the buffer, so this saves most of the
/// relinking — and each relink writes two neighbours' nodes, usually cache misses.
@usableFromInline struct LRUPolicy: ReplacementPolicy {
    @usableFromInline static let bufferSize = 64

    // The buffer first: a hit appends to it (see `CacheShard` on field order).
    @usableFromInline var pending: ContiguousArray<SlotIndex>
    @usableFromInline var list = SlotList()
    /// What `flush` read ahead of relinking (kept so that the reads are not optimised away).
    @usableFromInline var scratch: SlotIndex = 0

    @inlinable init(capacity: Int, configuration: EvictionPolicy) {
        pending = []
        pending.reserveCapacity(Self.bufferSize)
    }

    @inlinable mutating func admit<K, V>(_ slot: SlotIndex, keyHash: Int, in table: inout SlotTable<K, V>) {
        table.pushFront(slot, onto: &list)
    }

    @inlinable mutating func touch<K, V>(_ slot: SlotIndex, bucket: Int, in table: inout SlotTable<K, V>) {
        if let last = pending.last {
            if last == slot { return }
        } else if list.head == slot {
            return
        }
        pending.append(slot)
        if pending.count == Self.bufferSize { flush(in: &table) }
    }

    @inlinable mutating func flush<K, V>(in table: inout SlotTable<K, V>) {
        guard !pending.isEmpty else { return }
        // Walk the buffer backwards, keeping the first sighting of each slot (its last hit), marked with the
        // slot's scratch `mark`. The kept slots are compacted into the buffer's tail in their original order:
        // `unique` only moves down to positions already read.
        let count = pending.count
        var unique = count
        pending.withUnsafeMutableBufferPointer { buffer in
            var i = count
            while i > 0 {
                i &-= 1
                let slot = buffer[i]
                if !table.isMarked(slot) {
                    table.setMark(true, at: slot)
                    unique &-= 1
                    buffer[unique] = slot
                }
            }
        }
        // Read every slot's node, then each one's neighbours, before relinking: the loads within each pass are
        // independent, so their cache misses overlap instead of coming one after another.
        var touched: SlotIndex = 0
        table.nodes.withUnsafeBufferPointer { nodes in
            for i in unique..<count {
                let node = nodes[Int(pending[i])]
                touched |= node.previous | node.next
            }
            for i in unique..<count {
                let node = nodes[Int(pending[i])]
                if node.previous >= 0 { touched |= nodes[Int(node.previous)].next }
                if node.next >= 0 { touched |= nodes[Int(node.next)].previous }
            }
        }
        scratch = touched
        for i in unique..<count {
            let slot = pending[i]
            table.setMark(false, at: slot)
            table.moveToFront(slot, in: &list)
        }
        pending.removeAll(keepingCapacity: true)
    }

    @inlinable mutating func unlink<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        table.unlink(slot, from: &list)
    }

    @inlinable mutating func relinkUpdated<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        table.pushFront(slot, onto: &list)
    }

    @inlinable func victim<K, V>(in table: SlotTable<K, V>, sparing: SlotIndex) -> SlotIndex? {
        if list.tail == sparing, list.count > 1 {
            return table.previous(of: list.tail)
        }
        return list.isEmpty ? nil : list.tail
    }

    @inlinable var countsRequests: Bool { false }

    @inline(__always)
    @inlinable mutating func recordAccess(keyTag: Int) {}

    @inlinable var readAhead: (address: Int, blockMask: Int) { (0, 0) }

    @inlinable mutating func recordAccesses(in stripe: inout ReadStripe) {}

    @inlinable func admits(candidateTag: Int, victimTag: Int) -> Bool { true }

    @inlinable mutating func removeAll() {
        list = SlotList()
        pending.removeAll(keepingCapacity: true)
    }
}
