import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Keeps recently served blob files open (as nginx's `open_file_cache` does), so a range request costs one `pread`
/// on the thread pool instead of open, read and close. Blobs are immutable (content-addressed), so an open
/// descriptor never serves stale bytes. Descriptors are reference-counted: one evicted while a response still reads
/// from it is closed when that response finishes.
final class OpenBlobFiles: Sendable {
    final class Descriptor: Sendable {
        let fd: Int32
        let path: String
        /// Readers using the descriptor, plus one while it is in the table.
        let references = Atomic<Int>(1)

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        func retain() { references.add(1, ordering: .relaxed) }

        func release() {
            if references.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { close(fd) }
        }
    }

    struct Table {
        var descriptors: [String: Descriptor] = [:]
        var order: [String] = []
    }

    let capacity: Int
    let table = Mutex(Table())
    let threadPool: NIOThreadPool

    init(capacity: Int = 256, threadPool: NIOThreadPool = .singleton) {
        self.capacity = capacity
        self.threadPool = threadPool
    }

    /// The descriptor for `path` if it is open already, with a reference held for the caller (who must `release()`
    /// it); nil otherwise. Never blocks: for the event-loop fast path.
    func acquireIfOpen(path: String) -> Descriptor? {
        table.withLock { table -> Descriptor? in
            guard let descriptor = table.descriptors[path] else { return nil }
            descriptor.retain()
            return descriptor
        }
    }

    /// An open descriptor for `path` with a reference held for the caller, who must `release()` it.
    func acquire(path: String) async throws -> Descriptor {
        if let descriptor = acquireIfOpen(path: path) { return descriptor }
        let fd = try await threadPool.runIfActive { () throws -> Int32 in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
            return fd
        }
        let fresh = Descriptor(fd: fd, path: path)
        fresh.retain()
        let (winner, evicted) = table.withLock { table -> (Descriptor, Descriptor?) in
            if let existing = table.descriptors[path] {
                existing.retain()
                return (existing, nil)
            }
            table.descriptors[path] = fresh
            table.order.append(path)
            var evicted: Descriptor?
            if table.order.count > capacity {
                let oldest = table.order.removeFirst()
                evicted = table.descriptors.removeValue(forKey: oldest)
            }
            return (fresh, evicted)
        }
        evicted?.release()
        if winner !== fresh {
            // Lost a race with another request opening the same file: drop ours.
            fresh.release()
            fresh.release()
        }
        return winner
    }

    /// Reads `count` bytes at `offset` with one `pread` loop on the thread pool.
    func read(_ descriptor: Descriptor, offset: Int64, count: Int, allocator: ByteBufferAllocator) async throws -> ByteBuffer {
        try await threadPool.runIfActive {
            var buffer = allocator.buffer(capacity: count)
            try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
                var done = 0
                while done < count {
                    let got = pread(descriptor.fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw IOError(errnoCode: errno, reason: "pread")
                    }
                    // A blob never shrinks; a short file means the store was damaged underneath us.
                    guard got > 0 else { throw IOError(errnoCode: EIO, reason: "unexpected end of blob") }
                    done += got
                }
                return done
            }
            return buffer
        }
    }
}
