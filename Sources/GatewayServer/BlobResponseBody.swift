import HTTPRanges
import Hummingbird
import NIOCore
import _NIOFileSystem

/// Response bodies that stream a blob's bytes from the local file system in bounded chunks. `writer.write` suspends
/// until the connection takes the chunk, so a slow client holds at most a chunk or two in memory (back-pressure), and
/// a client that goes away ends the read and closes the file at once.
enum BlobResponseBody {
    /// Chunk size for reading: large enough for throughput, small enough to keep memory bounded per client.
    static let chunkLength = 128 * 1024

    /// The bytes `range` of the file at `path`.
    static func range(path: String, range: ByteRange) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                try await copy(handle: handle, range: range, to: &writer)
            }
            try await writer.finish(nil)
        }
    }

    /// A `multipart/byteranges` body laid out by ``MultipartLayout``.
    static func multipart(path: String, layout: MultipartLayout) -> ResponseBody {
        ResponseBody(contentLength: Int(layout.contentLength)) { writer in
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                for part in layout.parts {
                    try await writer.write(ByteBuffer(string: part.header))
                    try await copy(handle: handle, range: part.range, to: &writer)
                }
                try await writer.write(ByteBuffer(string: layout.trailer))
            }
            try await writer.finish(nil)
        }
    }

    static func copy(handle: ReadFileHandle, range: ByteRange, to writer: inout any ResponseBodyWriter) async throws {
        if range.count <= chunkLength {
            // One read for small ranges (the common viewer request).
            let buffer = try await handle.readChunk(fromAbsoluteOffset: range.first, length: .bytes(range.count))
            try await writer.write(buffer)
            return
        }
        for try await chunk in handle.readChunks(in: range.first...range.last, chunkLength: .bytes(Int64(chunkLength))) {
            try await writer.write(chunk)
        }
    }
}
