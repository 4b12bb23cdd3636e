/// Array-backed storage for one shard: entries live in slots of a contiguous array, linked into
/// `SlotList`s by integer indices, with a key → slot dictionary for O(1) lookup.
///
/// Freed slots are threaded on a free list and reused, so steady-state operation allocates nothing per entry.
/// Keys and values are stored as optionals so that a freed slot drops its references at once (a byte-bounded
/// cache must not keep evicted values alive).
@usableFromInline struct SlotTable<Key: Hashable, Value> {
    @usableFromInline struct Node {
        @usableFromInline var key: Key?
        @usableFromInline var value: Value?
        @usableFromInline var cost: Int
        @usableFromInline var previous: SlotIndex
        @usableFromInline var next: SlotIndex
        /// Which list of the owning policy the slot is on (policy-defined; 0 for plain LRU).
        @usableFromInline var segment: UInt8

        @inlinable
        init(key: Key?, value: Value?, cost: Int, previous: SlotIndex, next: SlotIndex, segment: UInt8) {
            self.key = key
            self.value = value
            self.cost = cost
            self.previous = previous
            self.next = next
            self.segment = segment
        }
    }

    @inlinable
    init() {}

    @usableFromInline var nodes: ContiguousArray<Node> = []
    @usableFromInline var freeHead: SlotIndex = SlotList.none
    @usableFromInline var index: [Key: SlotIndex] = [:]

    @inlinable var count: Int { index.count }

    @inlinable func slot(forKey key: Key) -> SlotIndex? {
        index[key]
    }

    @inlinable func key(at slot: SlotIndex) -> Key {
        nodes[Int(slot)].key!
    }

    @inlinable func value(at slot: SlotIndex) -> Value {
        nodes[Int(slot)].value!
    }

    @inlinable func cost(at slot: SlotIndex) -> Int {
        nodes[Int(slot)].cost
    }

    @inlinable func segment(at slot: SlotIndex) -> UInt8 {
        nodes[Int(slot)].segment
    }

    @inlinable func previous(of slot: SlotIndex) -> SlotIndex {
        nodes[Int(slot)].previous
    }

    @inlinable mutating func setSegment(_ segment: UInt8, at slot: SlotIndex) {
        nodes[Int(slot)].segment = segment
    }

    /// Replaces the value and cost of a slot that is not linked on any list.
    @inlinable mutating func replace(at slot: SlotIndex, value: Value, cost: Int) {
        nodes[Int(slot)].value = value
        nodes[Int(slot)].cost = cost
    }

    @inlinable mutating func modifyValue<R>(at slot: SlotIndex, _ body: (inout Value) -> R) -> R {
        body(&nodes[Int(slot)].value!)
    }

    /// Stores a new entry in a free slot (reusing one when possible) and indexes it by key.
    /// The slot is not linked on any list yet.
    @inlinable mutating func allocate(key: Key, value: Value, cost: Int) -> SlotIndex {
        let slot: SlotIndex
        if freeHead != SlotList.none {
            slot = freeHead
            freeHead = nodes[Int(slot)].next
            nodes[Int(slot)] = Node(
                key: key, value: value, cost: cost, previous: SlotList.none, next: SlotList.none, segment: 0)
        } else {
            precondition(nodes.count < Int(SlotIndex.max), "LRUCache shard holds too many entries")
            slot = SlotIndex(nodes.count)
            nodes.append(
                Node(key: key, value: value, cost: cost, previous: SlotList.none, next: SlotList.none, segment: 0))
        }
        index[key] = slot
        return slot
    }

    /// Frees a slot that is not linked on any list, returning what it held.
    @inlinable mutating func free(_ slot: SlotIndex) -> (key: Key, value: Value) {
        let i = Int(slot)
        let key = nodes[i].key.take()!
        let value = nodes[i].value.take()!
        nodes[i].cost = 0
        nodes[i].previous = SlotList.none
        nodes[i].next = freeHead
        freeHead = slot
        index.removeValue(forKey: key)
        return (key, value)
    }

    /// Every entry, in no particular order, and an empty table.
    @inlinable mutating func removeAll() -> [(key: Key, value: Value)] {
        var all: [(key: Key, value: Value)] = []
        all.reserveCapacity(index.count)
        for node in nodes {
            if let key = node.key, let value = node.value { all.append((key, value)) }
        }
        nodes = []
        index = [:]
        freeHead = SlotList.none
        return all
    }

    // MARK: Intrusive list operations

    /// Links an unlinked slot at the head (most recently used end) of `list`.
    @inlinable mutating func pushFront(_ slot: SlotIndex, onto list: inout SlotList) {
        let i = Int(slot)
        nodes[i].previous = SlotList.none
        nodes[i].next = list.head
        if list.head != SlotList.none {
            nodes[Int(list.head)].previous = slot
        } else {
            list.tail = slot
        }
        list.head = slot
        list.count += 1
        list.cost += nodes[i].cost
    }

    /// Unlinks a slot from `list`, which must be the list it is on.
    @inlinable mutating func unlink(_ slot: SlotIndex, from list: inout SlotList) {
        let i = Int(slot)
        let previous = nodes[i].previous
        let next = nodes[i].next
        if previous != SlotList.none {
            nodes[Int(previous)].next = next
        } else {
            list.head = next
        }
        if next != SlotList.none {
            nodes[Int(next)].previous = previous
        } else {
            list.tail = previous
        }
        nodes[i].previous = SlotList.none
        nodes[i].next = SlotList.none
        list.count -= 1
        list.cost -= nodes[i].cost
    }

    /// Moves a slot already on `list` to its head.
    @inlinable mutating func moveToFront(_ slot: SlotIndex, in list: inout SlotList) {
        guard list.head != slot else { return }
        unlink(slot, from: &list)
        pushFront(slot, onto: &list)
    }

    /// The slots of `list` from most to least recently used (for tests and diagnostics).
    @inlinable func slots(of list: SlotList) -> [SlotIndex] {
        var result: [SlotIndex] = []
        var slot = list.head
        while slot != SlotList.none {
            result.append(slot)
            slot = nodes[Int(slot)].next
        }
        return result
    }
}

extension SlotTable: Sendable where Key: Sendable, Value: Sendable {}
extension SlotTable.Node: Sendable where Key: Sendable, Value: Sendable {}
