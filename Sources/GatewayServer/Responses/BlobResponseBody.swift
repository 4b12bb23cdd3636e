import HTTPRanges
import Hummingbird
import NIOCore

/// Response bodies that stream a blob's bytes from the local file system in bounded chunks. `writer.write` suspends
/// until the connection takes the chunk, so a slow client holds at most a chunk or two in memory (back-pressure), and
/// a client that goes away ends the read at once. Descriptors come from ``OpenBlobFiles``.
struct BlobResponseBody: Sendable {
    /// Chunk size for streaming: with no read-ahead, a slow client holds about one chunk here plus the channel's
    /// write buffer (its high watermark), so 200 slow downloads stay within tens of MiB.
    static let chunkLength = 64 * 1024
    /// Ranges up to this size are read with a single `pread` (the common viewer and player request).
    static let singleReadLimit = 256 * 1024
    let files: OpenBlobFiles
    /// Hot blocks for small ranges; nil serves every range straight from the file.
    let blocks: BlockCache?
    let allocator = ByteBufferAllocator()

    /// The bytes `range` of the file at `path` (of `length` bytes in all).
    func range(path: String, length: Int64, range: ByteRange) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            if let blocks, range.count <= BlockCache.rangeLimit {
                try await blocks.write(path: path, length: length, first: range.first, last: range.last, to: &writer)
                try await writer.finish(nil)
                return
            }
            let descriptor = try await files.acquire(path: path)
            defer { descriptor.release() }
            try await copy(descriptor, range: range, to: &writer)
            try await writer.finish(nil)
        }
    }

    /// A `multipart/byteranges` body laid out by ``MultipartLayout``.
    func multipart(path: String, layout: MultipartLayout) -> ResponseBody {
        ResponseBody(contentLength: Int(layout.contentLength)) { writer in
            let descriptor = try await files.acquire(path: path)
            defer { descriptor.release() }
            for part in layout.parts {
                try await writer.write(ByteBuffer(string: part.header))
                try await copy(descriptor, range: part.range, to: &writer)
            }
            try await writer.write(ByteBuffer(string: layout.trailer))
            try await writer.finish(nil)
        }
    }

    func copy(_ descriptor: OpenBlobFiles.Descriptor, range: ByteRange, to writer: inout any ResponseBodyWriter) async throws {
        if range.count <= Self.singleReadLimit {
            try await writer.write(try await files.read(descriptor, offset: range.first, count: Int(range.count), allocator: allocator))
            return
        }
        var offset = range.first
        while offset <= range.last {
            let count = Int(min(Int64(Self.chunkLength), range.last - offset + 1))
            let chunk = try await files.read(descriptor, offset: offset, count: count, allocator: allocator)
            try await writer.write(chunk)
            offset += Int64(count)
        }
    }
}
