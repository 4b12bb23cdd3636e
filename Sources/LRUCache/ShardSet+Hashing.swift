extension ShardSet {
    /// The hash a cache files `key` under, computed once per operation.
    ///
    /// For the fixed-width integer key types it is the integer mixed with this cache's random `seed` by the
    /// 64-bit finalizer of MurmurHash3 (two multiplications: a few nanoseconds, where `hashValue`'s SipHash costs
    /// about a tenth of a whole hit). The mix is a bijection with good avalanche, so the tag, the index position
    /// and the shard (which take different bits of it) are all well spread; it is not a keyed cryptographic hash,
    /// so an attacker who could observe the cache's timing might in principle build colliding integer keys,
    /// which only makes those keys' probes longer. Every other key type uses `hashValue` (SipHash, seeded per
    /// process), which resists such collision attacks.
    @inlinable @inline(__always) func hash(_ key: Key) -> Int {
        if Key.self == Int.self { return Self.mix(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int.self))), seed) }
        if Key.self == UInt.self { return Self.mix(UInt64(unsafeBitCast(key, to: UInt.self)), seed) }
        if Key.self == Int64.self { return Self.mix(UInt64(bitPattern: unsafeBitCast(key, to: Int64.self)), seed) }
        if Key.self == UInt64.self { return Self.mix(unsafeBitCast(key, to: UInt64.self), seed) }
        if Key.self == Int32.self {
            return Self.mix(UInt64(UInt32(bitPattern: unsafeBitCast(key, to: Int32.self))), seed)
        }
        if Key.self == UInt32.self { return Self.mix(UInt64(unsafeBitCast(key, to: UInt32.self)), seed) }
        return key.hashValue
    }

    /// MurmurHash3's `fmix64` of `value ^ seed`.
    @inlinable @inline(__always) static func mix(_ value: UInt64, _ seed: UInt64) -> Int {
        var x = value ^ seed
        x = (x ^ (x &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
        x = (x ^ (x &>> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(bitPattern: UInt(x ^ (x &>> 33)))
    }
}
