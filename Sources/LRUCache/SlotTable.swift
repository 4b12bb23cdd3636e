/// Storage for one shard: an open-addressing hash index whose buckets hold each entry's key and value inline, and
/// a contiguous array of slots (one per entry) that the policy links into `SlotList`s by integer indices.
///
/// The index is a power-of-two array of buckets (`BucketStorage`), at most half full, probed linearly. A bucket's
/// 64-bit word holds the high 32 bits of the key's hash (its *tag*), two policy flags (protected, referenced) and
/// the entry's slot number plus one (0 marks an empty bucket); the key and value follow the word in the same
/// bucket. A hit therefore reads one bucket — one cache line for small keys and values — and, for the segmented
/// policy's protected entries, sets the reference flag in that same word. The slots hold what only writes need:
/// list links, the cost and the position of the entry's bucket (kept current when buckets move), so the policy can
/// go from a slot to its bucket and back in O(1).
///
/// The home position of a word is the top bits of its tag, so the index can grow and delete (backward shift, no
/// tombstones) without hashing any key again: each key is hashed exactly once per operation, by the caller.
///
/// Freed slots are threaded on a free list and reused, so steady-state operation allocates nothing per entry. A
/// freed entry's key and value are moved out of its bucket at once (a byte-bounded cache must not keep evicted
/// values alive).
///
/// The buckets are a class instance (`BucketStorage`) that the table mutates in place without copy-on-write, so a
/// table must never be copied and both copies used: it lives in exactly one `CacheShard`, which is only ever
/// moved (into its `Mutex`, or into the disk tier's locked state).
@usableFromInline struct SlotTable<Key: Hashable, Value> {
    /// The per-entry data that only writes and the policy's list operations read: links, cost, the key's hash
    /// tag (so that the admission filter can weigh an eviction victim without reading its bucket) and where the
    /// bucket is. 24 bytes.
    @usableFromInline struct Node {
        @usableFromInline var previous: SlotIndex
        @usableFromInline var next: SlotIndex
        /// Bits 0..<31: position of the entry's bucket in the index. Bit 31: a scratch mark for a policy's own
        /// bookkeeping (plain LRU's de-duplication of buffered hits), clear whenever the policy is not using it.
        @usableFromInline var bucketAndMark: UInt32
        /// The key's hash tag, as in its index word.
        @usableFromInline var tag: UInt32
        @usableFromInline var cost: Int

        @inlinable
        init(bucket: Int, tag: UInt32, cost: Int) {
            self.previous = SlotList.none
            self.next = SlotList.none
            self.bucketAndMark = UInt32(truncatingIfNeeded: bucket)
            self.tag = tag
            self.cost = cost
        }

        @inlinable static var markBit: UInt32 { 1 &<< 31 }
    }

    /// Bits 0..<30 of a word: slot number plus one.
    @usableFromInline static var slotMask: UInt64 { 0x3FFF_FFFF }
    /// Bit 30: the entry was used since the policy last looked (CLOCK reference bit).
    @usableFromInline static var referencedBit: UInt64 { 1 &<< 30 }
    /// Bit 31: the entry is in the policy's protected segment (segment 1); clear for segment 0.
    @usableFromInline static var protectedBit: UInt64 { 1 &<< 31 }
    @usableFromInline static var initialCapacity: Int { 16 }

    @usableFromInline var nodes: ContiguousArray<Node> = []
    @usableFromInline var freeHead: SlotIndex = SlotList.none
    @usableFromInline var storage: BucketStorage<Key, Value> {
        didSet { base = storage.base }
    }
    /// `storage.base`, kept as a plain pointer so that lookups under a read stripe (`ShardSet`) read only trivial
    /// fields of the table: copying the table there would retain `storage` and `nodes`, racing with the policy
    /// lock's holder, who may replace `nodes`.
    @usableFromInline var base: UnsafeMutableRawPointer
    /// `storage.capacity - 1`.
    @usableFromInline var bucketMask: Int
    /// `64 - log2(storage.capacity)`: shifting a word right by this gives its home position.
    @usableFromInline var indexShift: UInt64
    @usableFromInline var count = 0

    @inlinable
    init() {
        storage = BucketStorage(capacity: Self.initialCapacity)
        base = storage.base
        bucketMask = Self.initialCapacity - 1
        indexShift = UInt64(64 - Self.initialCapacity.trailingZeroBitCount)
    }

    @inlinable @inline(__always) static func tag(_ hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) &>> 32)
    }

    // MARK: Bucket access

    @inlinable @inline(__always) func bucketAddress(_ bucket: Int) -> UnsafeMutableRawPointer {
        base + bucket &* BucketStorage<Key, Value>.stride
    }

    @inlinable @inline(__always) func word(atBucket bucket: Int) -> UInt64 {
        BucketStorage<Key, Value>.word(at: bucketAddress(bucket))
    }

    @inlinable @inline(__always) func setWord(_ word: UInt64, atBucket bucket: Int) {
        BucketStorage<Key, Value>.setWord(word, at: bucketAddress(bucket))
    }

    @inlinable @inline(__always) func keyPointer(_ bucket: Int) -> UnsafeMutablePointer<Key> {
        (bucketAddress(bucket) + BucketStorage<Key, Value>.keyOffset).assumingMemoryBound(to: Key.self)
    }

    @inlinable @inline(__always) func valuePointer(_ bucket: Int) -> UnsafeMutablePointer<Value> {
        (bucketAddress(bucket) + BucketStorage<Key, Value>.valueOffset).assumingMemoryBound(to: Value.self)
    }

    /// The bucket holding `key` (whose hash is `hash`), or `nil`.
    @inlinable func bucket(forKey key: Key, hash: Int) -> Int? {
        Self.bucket(forKey: key, hash: hash, base: base, mask: bucketMask, shift: indexShift)
    }

    /// The bucket holding `key` in the index at `base` with `mask` and `shift` (the table's `base`, `bucketMask`
    /// and `indexShift`), or `nil`. Static, so that a caller holding only a pointer to the table can read the three
    /// fields and probe without copying the table.
    @inlinable @inline(__always) static func bucket(
        forKey key: Key, hash: Int, base: UnsafeMutableRawPointer, mask: Int, shift: UInt64
    ) -> Int? {
        let tag = UInt64(Self.tag(hash))
        let stride = BucketStorage<Key, Value>.stride
        let keyOffset = BucketStorage<Key, Value>.keyOffset
        var position = Int(truncatingIfNeeded: (tag &<< 32) &>> shift)
        while true {
            let address = base + position &* stride
            let word = BucketStorage<Key, Value>.word(at: address)
            if word == 0 { return nil }
            if word &>> 32 == tag, (address + keyOffset).assumingMemoryBound(to: Key.self).pointee == key {
                return position
            }
            position = (position &+ 1) & mask
        }
    }

    /// The value in bucket `bucket` of the index at `base`.
    @inlinable @inline(__always) static func value(atBucket bucket: Int, base: UnsafeMutableRawPointer) -> Value {
        (base + bucket &* BucketStorage<Key, Value>.stride + BucketStorage<Key, Value>.valueOffset)
            .assumingMemoryBound(to: Value.self).pointee
    }

    /// The slot holding `key` (whose hash is `hash`), or `nil`.
    @inlinable func slot(forKey key: Key, hash: Int) -> SlotIndex? {
        bucket(forKey: key, hash: hash).map { slot(atBucket: $0) }
    }

    @inlinable @inline(__always) func slot(atBucket bucket: Int) -> SlotIndex {
        SlotIndex(truncatingIfNeeded: (word(atBucket: bucket) & Self.slotMask) &- 1)
    }

    @inlinable @inline(__always) func value(atBucket bucket: Int) -> Value {
        valuePointer(bucket).pointee
    }

    @inlinable @inline(__always) func isProtected(atBucket bucket: Int) -> Bool {
        word(atBucket: bucket) & Self.protectedBit != 0
    }

    /// Sets the reference flag of an occupied bucket; writes only when it changes, so repeated hits on a hot entry
    /// leave its cache line clean (and unshared between cores).
    @inlinable @inline(__always) func markReferenced(atBucket bucket: Int) {
        let word = word(atBucket: bucket)
        if word & Self.referencedBit == 0 { setWord(word | Self.referencedBit, atBucket: bucket) }
    }

    // MARK: Slot access

    @inlinable @inline(__always) func bucket(of slot: SlotIndex) -> Int {
        Int(nodes[Int(slot)].bucketAndMark & ~Node.markBit)
    }

    @inlinable func key(at slot: SlotIndex) -> Key {
        keyPointer(bucket(of: slot)).pointee
    }

    /// The full hash is not kept; policies that need a per-key number (the frequency sketch) use this instead,
    /// derived from the tag. It equals `Self.tag(hash)` widened, so callers can compute it from a hash as well.
    @inlinable func tag(at slot: SlotIndex) -> UInt32 {
        nodes[Int(slot)].tag
    }

    @inlinable func value(at slot: SlotIndex) -> Value {
        valuePointer(bucket(of: slot)).pointee
    }

    @inlinable func cost(at slot: SlotIndex) -> Int {
        nodes[Int(slot)].cost
    }

    /// The policy segment of a slot: 1 when its protected flag is set, else 0.
    @inlinable func segment(at slot: SlotIndex) -> UInt8 {
        word(atBucket: bucket(of: slot)) & Self.protectedBit != 0 ? 1 : 0
    }

    @inlinable func previous(of slot: SlotIndex) -> SlotIndex {
        nodes[Int(slot)].previous
    }

    @inlinable func isReferenced(_ slot: SlotIndex) -> Bool {
        word(atBucket: bucket(of: slot)) & Self.referencedBit != 0
    }

    /// Sets the segment flag: any segment other than 0 counts as protected.
    @inlinable mutating func setSegment(_ segment: UInt8, at slot: SlotIndex) {
        let bucket = bucket(of: slot)
        let word = word(atBucket: bucket)
        setWord(segment == 0 ? word & ~Self.protectedBit : word | Self.protectedBit, atBucket: bucket)
    }

    @inlinable mutating func markReferenced(_ slot: SlotIndex) {
        markReferenced(atBucket: bucket(of: slot))
    }

    @inlinable mutating func clearReferenced(_ slot: SlotIndex) {
        let bucket = bucket(of: slot)
        let word = word(atBucket: bucket)
        if word & Self.referencedBit != 0 { setWord(word & ~Self.referencedBit, atBucket: bucket) }
    }

    @inlinable func isMarked(_ slot: SlotIndex) -> Bool {
        nodes[Int(slot)].bucketAndMark & Node.markBit != 0
    }

    @inlinable mutating func setMark(_ mark: Bool, at slot: SlotIndex) {
        if mark {
            nodes[Int(slot)].bucketAndMark |= Node.markBit
        } else {
            nodes[Int(slot)].bucketAndMark &= ~Node.markBit
        }
    }

    /// Replaces the value and cost of a slot that is not linked on any list.
    @inlinable mutating func replace(at slot: SlotIndex, value: Value, cost: Int) {
        valuePointer(bucket(of: slot)).pointee = value
        nodes[Int(slot)].cost = cost
    }

    @inlinable mutating func modifyValue<R>(at slot: SlotIndex, _ body: (inout Value) -> R) -> R {
        body(&valuePointer(bucket(of: slot)).pointee)
    }

    // MARK: Allocation and the index

    /// Stores a new entry (whose key is not in the table) in a free slot, reusing one when possible, and
    /// indexes it. The slot is not linked on any list yet; its flags are clear.
    @inlinable mutating func allocate(key: Key, hash: Int, value: Value, cost: Int) -> SlotIndex {
        if (count &+ 1) &* 2 > storage.capacity { growIndex() }
        let slot: SlotIndex
        if freeHead != SlotList.none {
            slot = freeHead
            freeHead = nodes[Int(slot)].next
        } else {
            precondition(UInt64(nodes.count) < Self.slotMask &- 1, "LRUCache shard holds too many entries")
            slot = SlotIndex(nodes.count)
            nodes.append(Node(bucket: 0, tag: 0, cost: 0))
        }
        let tag = Self.tag(hash)
        let word = UInt64(tag) &<< 32 | UInt64(slot &+ 1)
        let bucket = emptyBucket(for: word)
        setWord(word, atBucket: bucket)
        keyPointer(bucket).initialize(to: key)
        valuePointer(bucket).initialize(to: value)
        nodes[Int(slot)] = Node(bucket: bucket, tag: tag, cost: cost)
        count &+= 1
        return slot
    }

    /// The first empty bucket on the probe sequence of `word`.
    @inlinable func emptyBucket(for word: UInt64) -> Int {
        var position = Int(truncatingIfNeeded: word &>> indexShift)
        while self.word(atBucket: position) != 0 { position = (position &+ 1) & bucketMask }
        return position
    }

    @inlinable mutating func growIndex() {
        let old = storage
        let oldStride = BucketStorage<Key, Value>.stride
        storage = BucketStorage(capacity: old.capacity &* 2)
        bucketMask = storage.capacity &- 1
        indexShift = UInt64(64 - storage.capacity.trailingZeroBitCount)
        for i in 0..<old.capacity {
            let source = old.base + i &* oldStride
            let word = BucketStorage<Key, Value>.word(at: source)
            if word == 0 { continue }
            let bucket = emptyBucket(for: word)
            moveEntry(from: source, to: bucket, word: word)
            BucketStorage<Key, Value>.setWord(0, at: source)  // moved out: `old`'s deinit must not touch it
        }
    }

    /// Moves the word, key and value at `source` (initialized) into the empty bucket `bucket`, and points the
    /// slot at its new bucket. `source` is left with its key and value uninitialized and its word unchanged.
    @inlinable mutating func moveEntry(from source: UnsafeMutableRawPointer, to bucket: Int, word: UInt64) {
        keyPointer(bucket).moveInitialize(
            from: (source + BucketStorage<Key, Value>.keyOffset).assumingMemoryBound(to: Key.self), count: 1)
        valuePointer(bucket).moveInitialize(
            from: (source + BucketStorage<Key, Value>.valueOffset).assumingMemoryBound(to: Value.self), count: 1)
        setWord(word, atBucket: bucket)
        // Entries move only during insertions and removals, never while a policy has slots marked.
        nodes[Int((word & Self.slotMask) &- 1)].bucketAndMark = UInt32(truncatingIfNeeded: bucket)
    }

    /// Empties bucket `hole` (whose key and value have been moved out) and closes the gap in its probe chain
    /// (backward-shift deletion), repointing the slots of the buckets it moves.
    @inlinable mutating func removeBucket(_ hole: Int) {
        var hole = hole
        var probe = hole
        let mask = bucketMask
        let shift = indexShift
        while true {
            probe = (probe &+ 1) & mask
            let word = word(atBucket: probe)
            if word == 0 { break }
            let home = Int(truncatingIfNeeded: word &>> shift)
            // Move `word` into the hole unless its home lies cyclically in (hole, probe].
            if (probe &- home) & mask >= (probe &- hole) & mask {
                moveEntry(from: bucketAddress(probe), to: hole, word: word)
                hole = probe
            }
        }
        setWord(0, atBucket: hole)
    }

    /// Frees a slot that is not linked on any list, returning what it held.
    @inlinable mutating func free(_ slot: SlotIndex) -> (key: Key, value: Value) {
        let i = Int(slot)
        let bucket = bucket(of: slot)
        let key = keyPointer(bucket).move()
        let value = valuePointer(bucket).move()
        removeBucket(bucket)
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
        for bucket in 0..<storage.capacity where word(atBucket: bucket) != 0 {
            all.append((keyPointer(bucket).move(), valuePointer(bucket).move()))
            setWord(0, atBucket: bucket)
        }
        storage = BucketStorage(capacity: Self.initialCapacity)
        bucketMask = Self.initialCapacity - 1
        indexShift = UInt64(64 - Self.initialCapacity.trailingZeroBitCount)
        nodes = []
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

// `base` is only a copy of `storage.base` (the allocation `storage` owns); everything else is Sendable.
extension SlotTable: @unchecked Sendable where Key: Sendable, Value: Sendable {}
extension SlotTable.Node: Sendable {}
