public import Synchronization

/// The raw memory of a `SlotTable`'s open-addressing index: a power-of-two number of buckets, each holding a
/// 64-bit index word followed by the entry's key and value, stored inline so that a hit reads one bucket only.
///
/// A bucket's key and value are initialized exactly when its word is not 0. The allocation is aligned to 64 bytes
/// and a bucket of at most 32 bytes is padded to 16 or 32, so such a bucket never straddles two cache lines.
/// `SlotTable` does all the reading and writing through `base`; this class only owns the memory, so that it is
/// freed (and the entries left in it deinitialized) when the table goes away.
@usableFromInline final class BucketStorage<Key, Value> {
    @usableFromInline let base: UnsafeMutableRawPointer
    /// Number of buckets (a power of two).
    @usableFromInline let capacity: Int

    @inlinable static var keyOffset: Int {
        let alignment = MemoryLayout<Key>.alignment
        return (8 + alignment - 1) & ~(alignment - 1)
    }

    @inlinable static var valueOffset: Int {
        let alignment = MemoryLayout<Value>.alignment
        return (keyOffset + MemoryLayout<Key>.size + alignment - 1) & ~(alignment - 1)
    }

    @inlinable static var alignment: Int {
        Swift.max(8, MemoryLayout<Key>.alignment, MemoryLayout<Value>.alignment)
    }

    @inlinable static var stride: Int {
        let size = valueOffset + MemoryLayout<Value>.size
        if size <= 16 { return 16 }
        if size <= 32 { return 32 }
        return (size + alignment - 1) & ~(alignment - 1)
    }

    /// Allocates `capacity` empty buckets (every word 0).
    @inlinable init(capacity: Int) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0)
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(
            byteCount: capacity * Self.stride, alignment: Swift.max(64, Self.alignment))
        for i in 0..<capacity {
            (base + i &* Self.stride).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        }
    }

    /// The index word at the start of a bucket. Words are read and written atomically (relaxed: a plain load or
    /// store on x86-64 and arm64), because a shard's policy changes their flag bits while lookups read them.
    @inlinable @inline(__always) static func word(at bucket: UnsafeMutableRawPointer) -> UInt64 {
        bucket.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.load(ordering: .relaxed)
    }

    @inlinable @inline(__always) static func setWord(_ word: UInt64, at bucket: UnsafeMutableRawPointer) {
        bucket.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.store(word, ordering: .relaxed)
    }

    deinit {
        for i in 0..<capacity {
            let bucket = base + i &* Self.stride
            if Self.word(at: bucket) != 0 {
                (bucket + Self.keyOffset).assumingMemoryBound(to: Key.self).deinitialize(count: 1)
                (bucket + Self.valueOffset).assumingMemoryBound(to: Value.self).deinitialize(count: 1)
            }
        }
        base.deallocate()
    }
}

// `BucketStorage` is only ever read or written through the `SlotTable` that owns it (it never escapes the table),
// and a table is only used under its shard's `Mutex` (or by the one owner of a standalone `CacheShard`). So no two
// threads touch the memory at once; sending it with its table moves Sendable keys and values only.
extension BucketStorage: @unchecked Sendable where Key: Sendable, Value: Sendable {}
