/// Array-backed storage for one shard: entries live in slots of a contiguous array, linked into
/// `SlotList`s by integer indices, and are found through an open-addressing hash index kept next to them.
///
/// The index is a power-of-two array of 64-bit words, at most half full, probed linearly. A word holds the high
/// 32 bits of the key's hash (its *tag*) and the slot number plus one (0 marks an empty word), so a probe
/// compares tags without touching the slots and reads one slot only when the tag matches. The home position of
/// a word is the top bits of its tag, so the index can grow and delete (backward shift, no tombstones) without
/// hashing any key again: each key is hashed exactly once per operation, by the caller.
///
/// Freed slots are threaded on a free list and reused, so steady-state operation allocates nothing per entry.
/// Keys and values are stored as optionals so that a freed slot drops its references at once (a byte-bounded
/// cache must not keep evicted values alive).
@usableFromInline struct SlotTable<Key: Hashable, Value> {
    /// One entry. The fields are declared in the order a hit reads them, small ones packed into the padding after
    /// the key, so that a hit (key, segment, reference bit, value) reads the node's first bytes only: with `Int`
    /// keys and values the node is 48 bytes (it was 56, with the segment byte at offset 48, so a hit on a
    /// segmented cache usually read two cache lines).
    @usableFromInline struct Node {
        @usableFromInline var key: Key?
        /// Which list of the owning policy the slot is on (policy-defined; 0 for plain LRU).
        @usableFromInline var segment: UInt8
        /// Set by a hit when the policy defers reordering (CLOCK-style second chance); cleared by the policy.
        /// Plain LRU uses it only inside `flush`, as a "seen" mark, and leaves it clear.
        @usableFromInline var referenced: Bool
        /// The key's hash tag (high 32 bits of its hash), kept so that freeing a slot needs no rehash.
        @usableFromInline var tag: UInt32
        @usableFromInline var value: Value?
        @usableFromInline var previous: SlotIndex
        @usableFromInline var next: SlotIndex
        @usableFromInline var cost: Int

        @inlinable
        init(key: Key?, value: Value?, cost: Int, tag: UInt32) {
            self.key = key
            self.value = value
            self.cost = cost
            self.previous = SlotList.none
            self.next = SlotList.none
            self.segment = 0
            self.referenced = false
            self.tag = tag
        }
    }

    @inlinable
    init() {}

    @usableFromInline var nodes: ContiguousArray<Node> = []
    @usableFromInline var freeHead: SlotIndex = SlotList.none
    /// Open-addressing index: `tag << 32 | (slot + 1)`, or 0 for an empty word.
    @usableFromInline var index: ContiguousArray<UInt64> = []
    /// `64 - log2(index.count)`: shifting a word right by this gives its home position.
    @usableFromInline var indexShift: UInt64 = 64
    @usableFromInline var count = 0

    @inlinable @inline(__always) static func tag(_ hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) &>> 32)
    }

    /// The slot holding `key` (whose hash is `hash`), or `nil`.
    @inlinable func slot(forKey key: Key, hash: Int) -> SlotIndex? {
        guard count > 0 else { return nil }
        let tag = UInt64(Self.tag(hash))
        let mask = index.count &- 1
        var position = Int(truncatingIfNeeded: (tag &<< 32) &>> indexShift)
        return index.withUnsafeBufferPointer { words in
            nodes.withUnsafeBufferPointer { nodes in
                while true {
                    let word = words[position]
                    if word == 0 { return nil }
                    if word &>> 32 == tag {
                        let slot = Int(truncatingIfNeeded: word & 0xFFFF_FFFF) &- 1
                        if nodes[slot].key == key { return SlotIndex(truncatingIfNeeded: slot) }
                    }
                    position = (position &+ 1) & mask
                }
            }
        }
    }

    @inlinable func key(at slot: SlotIndex) -> Key {
        nodes[Int(slot)].key!
    }

    /// The full hash is not kept; policies that need a per-key number (the frequency sketch) use this instead,
    /// derived from the tag. It equals `Self.tag(hash)` widened, so callers can compute it from a hash as well.
    @inlinable func tag(at slot: SlotIndex) -> UInt32 {
        nodes[Int(slot)].tag
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

    @inlinable func isReferenced(_ slot: SlotIndex) -> Bool {
        nodes[Int(slot)].referenced
    }

    @inlinable mutating func setSegment(_ segment: UInt8, at slot: SlotIndex) {
        nodes[Int(slot)].segment = segment
    }

    /// Marks a slot as used since the policy last looked; writes only when the mark changes, so repeated hits
    /// on a hot entry leave its cache line clean (and unshared between cores).
    @inlinable @inline(__always) mutating func markReferenced(_ slot: SlotIndex) {
        if !nodes[Int(slot)].referenced { nodes[Int(slot)].referenced = true }
    }

    @inlinable mutating func clearReferenced(_ slot: SlotIndex) {
        nodes[Int(slot)].referenced = false
    }

    /// Replaces the value and cost of a slot that is not linked on any list.
    @inlinable mutating func replace(at slot: SlotIndex, value: Value, cost: Int) {
        nodes[Int(slot)].value = value
        nodes[Int(slot)].cost = cost
    }

    @inlinable mutating func modifyValue<R>(at slot: SlotIndex, _ body: (inout Value) -> R) -> R {
        body(&nodes[Int(slot)].value!)
    }

    /// Stores a new entry (whose key is not in the table) in a free slot, reusing one when possible, and
    /// indexes it. The slot is not linked on any list yet.
    @inlinable mutating func allocate(key: Key, hash: Int, value: Value, cost: Int) -> SlotIndex {
        let tag = Self.tag(hash)
        let slot: SlotIndex
        if freeHead != SlotList.none {
            slot = freeHead
            freeHead = nodes[Int(slot)].next
            nodes[Int(slot)] = Node(key: key, value: value, cost: cost, tag: tag)
        } else {
            precondition(nodes.count < Int(SlotIndex.max) - 1, "LRUCache shard holds too many entries")
            slot = SlotIndex(nodes.count)
            nodes.append(Node(key: key, value: value, cost: cost, tag: tag))
        }
        if (count &+ 1) &* 2 > index.count { growIndex() }
        insertIntoIndex(UInt64(tag) &<< 32 | UInt64(slot &+ 1))
        count &+= 1
        return slot
    }

    @inlinable mutating func insertIntoIndex(_ word: UInt64) {
        let mask = index.count &- 1
        var position = Int(truncatingIfNeeded: word &>> indexShift)
        index.withUnsafeMutableBufferPointer { words in
            while words[position] != 0 { position = (position &+ 1) & mask }
            words[position] = word
        }
    }

    @inlinable mutating func growIndex() {
        let newCount = Swift.max(16, index.count &* 2)
        let old = index
        index = ContiguousArray(repeating: 0, count: newCount)
        indexShift = UInt64(64 - newCount.trailingZeroBitCount)
        for word in old where word != 0 { insertIntoIndex(word) }
    }

    /// Removes the index word pointing at `slot` and closes the gap (backward-shift deletion).
    @inlinable mutating func removeFromIndex(_ slot: SlotIndex, tag: UInt32) {
        let target = UInt64(tag) &<< 32 | UInt64(slot &+ 1)
        let mask = index.count &- 1
        let shift = indexShift
        index.withUnsafeMutableBufferPointer { words in
            var hole = Int(truncatingIfNeeded: target &>> shift)
            while words[hole] != target { hole = (hole &+ 1) & mask }
            var probe = hole
            while true {
                probe = (probe &+ 1) & mask
                let word = words[probe]
                if word == 0 { break }
                let home = Int(truncatingIfNeeded: word &>> shift)
                // Move `word` into the hole unless its home lies cyclically in (hole, probe].
                let distanceToProbe = (probe &- home) & mask
                let distanceToHole = (probe &- hole) & mask
                if distanceToProbe >= distanceToHole {
                    words[hole] = word
                    hole = probe
                }
            }
            words[hole] = 0
        }
    }

    /// Frees a slot that is not linked on any list, returning what it held.
    @inlinable mutating func free(_ slot: SlotIndex) -> (key: Key, value: Value) {
        let i = Int(slot)
        removeFromIndex(slot, tag: nodes[i].tag)
        let key = nodes[i].key.take()!
        let value = nodes[i].value.take()!
        nodes[i].cost = 0
        nodes[i].previous = SlotList.none
        nodes[i].next = freeHead
        freeHead = slot
        count &-= 1
        return (key, value)
    }

    /// Every entry, in no particular order, and an empty table.
    @inlinable mutating func removeAll() -> [(key: Key, value: Value)] {
        var all: [(key: Key, value: Value)] = []
        all.reserveCapacity(count)
        for node in nodes {
            if let key = node.key, let value = node.value { all.append((key, value)) }
        }
        nodes = []
        index = []
        indexShift = 64
        count = 0
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
