import Synchronization

/// The port the server listens on, known once it has bound (0 until then).
final class ListeningPort: Sendable {
    private let port = Atomic<Int>(0)

    var value: Int? {
        let port = port.load(ordering: .acquiring)
        return port == 0 ? nil : port
    }

    func set(_ value: Int) { port.store(value, ordering: .releasing) }
}
