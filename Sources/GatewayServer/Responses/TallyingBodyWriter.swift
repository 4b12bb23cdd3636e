import Hummingbird
import NIOCore

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
