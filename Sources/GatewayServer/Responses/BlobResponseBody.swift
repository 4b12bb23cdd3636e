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

    /// The bytes `range` of the blob (of `length` bytes in all).
    func range(source: BlobSource, length: Int64, range: ByteRange) -> ResponseBody {
        guard case .file(let path) = source else {
            return ResponseBody(contentLength: Int(range.count)) { writer in
                try await copy(source, range: range, to: &writer)
                try await writer.finish(nil)
            }
        }
        return ResponseBody(contentLength: Int(range.count)) { writer in
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
    func multipart(source: BlobSource, layout: MultipartLayout) -> ResponseBody {
        ResponseBody(contentLength: Int(layout.contentLength)) { writer in
            for part in layout.parts {
                try await writer.write(ByteBuffer(string: part.header))
                try await copy(source, range: part.range, to: &writer)
            }
            try await writer.write(ByteBuffer(string: layout.trailer))
            try await writer.finish(nil)
        }
    }

    func copy(_ source: BlobSource, range: ByteRange, to writer: inout any ResponseBodyWriter) async throws {
        switch source {
        case .file(let path):
            let descriptor = try await files.acquire(path: path)
            defer { descriptor.release() }
            try await copy(descriptor, range: range, to: &writer)
        case .sliced(let blob):
            try await copySlices(blob, range: range, to: &writer)
        }
    }

    /// Writes `range` of a remote blob slice by slice: each slice from the disk tier (small ranges through the
    /// memory block cache), fetched once from the store when missing.
    func copySlices(_ blob: SlicedBlob, range: ByteRange, to writer: inout any ResponseBodyWriter) async throws {
        var offset = range.first
        while offset <= range.last {
            let index = offset / blob.cache.sliceBytes
            let (sliceFirst, sliceLast) = blob.cache.bounds(index: index, length: blob.length)
            let end = min(range.last, sliceLast)
            let within = ByteRange(first: offset - sliceFirst, last: end - sliceFirst)
            var refetch = false
            while true {
                let slice = try await blob.cache.slice(blob.digest, index: index, length: blob.length, refetch: refetch)
                switch slice {
                case .bytes(let buffer):
                    guard let part = buffer.getSlice(at: buffer.readerIndex + Int(within.first), length: Int(within.count)) else {
                        throw IOError(errnoCode: 5, reason: "slice shorter than expected")
                    }
                    try await writer.write(part)
                case .file(let path, let size):
                    if let blocks, within.count <= BlockCache.rangeLimit {
                        try await blocks.write(path: path, length: size, first: within.first, last: within.last, to: &writer)
                    } else {
                        let descriptor: OpenBlobFiles.Descriptor
                        do {
                            descriptor = try await files.acquire(path: path)
                        } catch let error as IOError where error.errnoCode == 2 && !refetch {
                            // Evicted between the lookup and the open: fetch it again, once.
                            refetch = true
                            continue
                        }
                        defer { descriptor.release() }
                        try await copy(descriptor, range: within, to: &writer)
                    }
                }
                break
            }
            offset = end + 1
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
