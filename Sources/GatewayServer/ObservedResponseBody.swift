import Hummingbird
import NIOCore
import Synchronization

extension ResponseBody {
    /// This body, counting the bytes it writes; `completion` runs once when writing ends — finished, failed, or the
    /// client went away — with the bytes handed to the connection and whether the body was written completely.
    func observed(_ completion: @escaping @Sendable (_ bytesWritten: Int, _ completed: Bool) async -> Void) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: body.contentLength) { writer in
            let tally = ByteTally()
            do {
                try await body.write(TallyingBodyWriter(parent: writer, tally: tally))
            } catch {
                await completion(tally.bytes, false)
                throw error
            }
            await completion(tally.bytes, true)
        }
    }
}

/// A running byte count shared between a body writer and whoever reads it afterwards.
final class ByteTally: Sendable {
    private let count = Atomic<Int>(0)
    var bytes: Int { count.load(ordering: .relaxed) }
    func add(_ amount: Int) { count.add(amount, ordering: .relaxed) }
}

/// Passes every buffer on to `parent`, adding its size to `tally` once written.
struct TallyingBodyWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let tally: ByteTally

    mutating func write(_ buffer: ByteBuffer) async throws {
        let size = buffer.readableBytes
        try await parent.write(buffer)
        tally.add(size)
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { try await write(buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await parent.finish(trailingHeaders)
    }
}
