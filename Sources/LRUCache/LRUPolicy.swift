/// Plain least-recently-used order: one list; inserts and hits go to the head, the tail is evicted.
@usableFromInline struct LRUPolicy: ReplacementPolicy {
    @usableFromInline var list = SlotList()

    @inlinable init(capacity: Int, configuration: EvictionPolicy) {}

    @inlinable mutating func admit<K, V>(_ slot: SlotIndex, keyHash: Int, in table: inout SlotTable<K, V>) {
        table.pushFront(slot, onto: &list)
    }

    @inlinable mutating func touch<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>) {
        table.moveToFront(slot, in: &list)
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

    @inline(__always)
    @inlinable mutating func recordAccess(keyHash: Int) {}

    @inlinable func admits(candidateHash: Int, victimHash: Int) -> Bool { true }

    @inlinable mutating func removeAll() {
        list = SlotList()
    }
}
