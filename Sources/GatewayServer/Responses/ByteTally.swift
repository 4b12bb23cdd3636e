import Synchronization

/// A running byte count shared between a body writer and whoever reads it afterwards.
final class ByteTally: Sendable {
    private let count = Atomic<Int>(0)
    var bytes: Int { count.load(ordering: .relaxed) }
    func add(_ amount: Int) { count.add(amount, ordering: .relaxed) }
}
