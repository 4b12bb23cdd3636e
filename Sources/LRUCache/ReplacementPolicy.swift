/// The per-shard bookkeeping of one eviction policy: which list each slot is on, what a hit does,
/// and which slot goes next when the shard is over its cost limit.
///
/// A policy never frees slots or counts cost against the limit; `CacheShard` does that and asks the policy
/// only for ordering decisions, so each policy stays a small, separately testable piece.
@usableFromInline protocol ReplacementPolicy: Sendable {
    /// - Parameters:
    ///   - capacity: the shard's cost limit.
    ///   - configuration: the public policy description (fractions, admission filter on/off).
    init(capacity: Int, configuration: EvictionPolicy)

    /// Links a newly stored slot. `keyHash` identifies the key for policies that count requests.
    mutating func admit<K, V>(_ slot: SlotIndex, keyHash: Int, in table: inout SlotTable<K, V>)

    /// Records a hit on a linked slot, found in index bucket `bucket`. A policy may defer the reordering this
    /// implies (buffer it, or set the bucket's reference flag) as long as `flush` makes the order exact again.
    mutating func touch<K, V>(_ slot: SlotIndex, bucket: Int, in table: inout SlotTable<K, V>)

    /// Applies every deferred hit. `CacheShard` calls it before any insertion, removal or eviction, so slots
    /// named in a buffer are never freed or reused while buffered, and eviction decisions see exact order.
    mutating func flush<K, V>(in table: inout SlotTable<K, V>)

    /// Unlinks a slot that is about to be freed or replaced.
    mutating func unlink<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>)

    /// Relinks a slot whose value was replaced (after `unlink`); a replacement counts as a use.
    mutating func relinkUpdated<K, V>(_ slot: SlotIndex, in table: inout SlotTable<K, V>)

    /// The slot to evict next, never `sparing` unless nothing else is left; `nil` when the shard is empty.
    func victim<K, V>(in table: SlotTable<K, V>, sparing: SlotIndex) -> SlotIndex?

    /// Whether the policy counts requests (`recordAccess` and `admits` do something); when false the shard
    /// skips computing their arguments.
    var countsRequests: Bool { get }

    /// Called for every lookup (hit or miss) and every insertion, before the policy acts on it.
    /// `keyTag` is the key's 32-bit hash tag (`SlotTable.tag`), the identity the policy may count by.
    mutating func recordAccess(keyTag: Int)

    /// Where lookups may read ahead the counters `recordAccesses` will update: the sketch's address and block
    /// mask, or (0, 0).
    var readAhead: (address: Int, blockMask: Int) { get }

    /// `recordAccess` for each lookup a read stripe buffered (the tags are the high halves of
    /// `entries[0..<count]`), in order.
    mutating func recordAccesses(in stripe: inout ReadStripe)

    /// Whether a new key should displace `victim` (the entry the policy would evict first) when the shard is full.
    func admits(candidateTag: Int, victimTag: Int) -> Bool

    /// Forgets every slot (the table is being cleared).
    mutating func removeAll()
}
