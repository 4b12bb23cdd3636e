/// Position of an entry in a shard's `SlotTable`; `SlotList.none` marks "no slot".
@usableFromInline typealias SlotIndex = Int32

/// The head, tail, length and total cost of one doubly linked list threaded through a `SlotTable`.
///
/// The links themselves live in the table's nodes (an intrusive list), so a list costs no allocation per entry.
/// A policy owns one list per segment; several lists share one table.
@usableFromInline struct SlotList: Sendable, Equatable {
    @usableFromInline static let none: SlotIndex = -1

    /// Most recently used end.
    @usableFromInline var head: SlotIndex = SlotList.none
    /// Least recently used end.
    @usableFromInline var tail: SlotIndex = SlotList.none
    @usableFromInline var count = 0
    @usableFromInline var cost = 0

    @inlinable
    init() {}

    @inlinable var isEmpty: Bool { head == SlotList.none }
}
