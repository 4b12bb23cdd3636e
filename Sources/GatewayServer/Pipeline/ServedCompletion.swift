import Synchronization

/// Work that must run exactly once after a response: with the bytes written when its body ends, or with none when
/// the response goes away unwritten.
final class ServedCompletion: Sendable {
    private let work: Mutex<(@Sendable (Int) -> Void)?>

    init(_ work: @escaping @Sendable (Int) -> Void) {
        self.work = Mutex(work)
    }

    func complete(bytes: Int) {
        let pending = work.withLock { work -> (@Sendable (Int) -> Void)? in
            defer { work = nil }
            return work
        }
        pending?(bytes)
    }

    deinit { complete(bytes: 0) }
}
