/// Segmented LRU (SLRU): a probation segment and a protected segment, each in LRU order.
///
/// - New entries enter probation at its head.
/// - A hit on a probation entry promotes it to the head of protected. A hit on a protected entry only sets its
///   reference bit (no relinking, and no write at all if the bit is already set): protected is kept in CLOCK
///   order, an approximation of LRU. Replacing a value counts as a hit.
/// - Protected holds at most `protectedFraction` of the shard's cost; its overflow is demoted, tail first, to the
///   head of probation (so a demoted entry gets one more chance). A tail whose reference bit is set is not
///   demoted but has the bit cleared and goes back to the head of protected (second chance).
/// - Eviction takes the tail of probation, and only when probation is empty the tail of protected.
/// - Optionally (on by default) an admission filter (TinyLFU): when a new key would force an eviction, it is
///   stored only if it was requested at least two times more often recently than the entry it would displace,
///   by a `FrequencySketch` of all lookups. On ties, and when the new key leads by one, the resident entry stays:
///   an estimate is off by about one request (collisions, where the counting period began), and a crawler or a
///   loop that requests every key equally often would otherwise swap entries for equally good ones on that noise.
///
/// A scan touches each item once, so scanned items stay in probation and leave through its tail (or, with the
/// filter, are not admitted at all), while the hot set, referenced at least twice, sits in protected where the
/// scan cannot reach it. The filter also handles loops over more keys than fit: plain and segmented LRU both
/// evict every key just before its next use (zero hits), whereas the filter keeps a stable subset.
@usableFromInline struct SegmentedLRUPolicy: ReplacementPolicy {
    @usableFromInline static let probationSegment: UInt8 = 0
    @usableFromInline static let protectedSegment: UInt8 = 1

    // The sketch first: a lookup writes its `additions` counter (see `CacheShard` on field order).
    @usableFromInline var sketch: FrequencySketch?
    @usableFromInline var probation = SlotList()
    @usableFromInline var protected = SlotList()
    @usableFromInline let protectedCapacity: Int
    /// Whether there is a sketch (a stored flag, so that lookups can test it without reading the sketch).
    @usableFromInline let countsRequests: Bool

    @inlinable init(capacity: Int, configuration: EvictionPolicy) {
        let fraction = configuration.protectedFraction
        self.protectedCapacity = Int((Double(capacity) * fraction).rounded(.down))
        self.sketch = configuration.usesAdmissionFilter ? FrequencySketch(expectedEntries: 1024) : nil
        self.countsRequests = configuration.usesAdmissionFilter
    }

    @inlinable mutating func admit<K, V>(_ slot: SlotIndex, keyHash: Int, in table: inout SlotTable<K, V>) {
        table.setSegment(Self.probationSegment, at: slot)
        table.pushFront(slot, onto: &probation)
        sketch?.ensureCapacity(forEntries: table.count)
    }

    @inlinable mutating func touch<K, V>(_ slot: SlotIndex, bucket: Int, in table: inout SlotTable<K, V>) {
        if table.isProtected(atBucket: bucket) {
            table.markReferenced(atBucket: bucket)
        } else {
            table.unlink(slot, from: &probation)
            promote(slot, in: &table)
        }
    }

    @inlinable mutating func flush<K, V>(in table: inout SlotTable<K, V>) {}

    @inlinable mutating func unlink<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        if table.segment(at: slot) == Self.protectedSegment {
            table.unlink(slot, from: &protected)
        } else {
            table.unlink(slot, from: &probation)
        }
    }

    @inlinable mutating func relinkUpdated<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        promote(slot, in: &table)
    }

    @inlinable func victim<K, V>(in table: SlotTable<K, V>, sparing: SlotIndex) -> SlotIndex? {
        if let slot = Self.tail(of: probation, in: table, sparing: sparing) { return slot }
        if let slot = Self.tail(of: protected, in: table, sparing: sparing) { return slot }
        return nil
    }

    @inlinable var readAhead: (address: Int, blockMask: Int) {
        guard let sketch else { return (0, 0) }
        return (sketch.address, sketch.blockMask)
    }

    @inlinable mutating func recordAccess(keyTag: Int) {
        sketch?.increment(keyTag)
    }

    @inlinable mutating func recordAccesses(in stripe: inout ReadStripe) {
        sketch?.increment(tagsIn: &stripe)
    }

    @inlinable func admits(candidateTag: Int, victimTag: Int) -> Bool {
        guard let sketch else { return true }
        return sketch.frequency(candidateTag) > sketch.frequency(victimTag) + 1
    }

    @inlinable mutating func removeAll() {
        probation = SlotList()
        protected = SlotList()
        sketch?.removeAll()
    }

    /// Links an unlinked slot at the head of protected and demotes protected's overflow to probation.
    @inlinable mutating func promote<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        table.setSegment(Self.protectedSegment, at: slot)
        table.clearReferenced(slot)
        table.pushFront(slot, onto: &protected)
        // Terminates: every pass either clears a reference bit or shrinks protected.
        while protected.cost > protectedCapacity, protected.tail != SlotList.none {
            let tail = protected.tail
            if table.isReferenced(tail) {
                table.clearReferenced(tail)
                table.moveToFront(tail, in: &protected)
                continue
            }
            table.unlink(tail, from: &protected)
            table.setSegment(Self.probationSegment, at: tail)
            table.pushFront(tail, onto: &probation)
        }
    }

    @inlinable static func tail<K, V>(of list: SlotList, in table: SlotTable<K, V>, sparing: SlotIndex) -> SlotIndex? {
        if list.isEmpty { return nil }
        if list.tail != sparing { return list.tail }
        return list.count > 1 ? table.previous(of: list.tail) : nil
    }
}
