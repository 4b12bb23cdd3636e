import CFFmpeg

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A custom AVIO context that writes a muxer's output to a file descriptor, so output can go to a
/// regular file or a stream (a pipe or socket). Owns the `AVIOContext` and its buffer, freed exactly once.
///
/// Seeking is offered only when the descriptor is seekable; muxers that want to patch headers
/// (MP4's `moov`, MP3's Xing frame) then do so, and the others stream straight through.
final class FileDescriptorSink {
    let fileDescriptor: Int32
    let avio: UnsafeMutablePointer<AVIOContext>
    private let closesDescriptor: Bool

    /// Writes to `fileDescriptor`; closes it in `deinit` when `closesDescriptor` is set.
    init(fileDescriptor: Int32, closesDescriptor: Bool) throws(TranscodeError) {
        self.fileDescriptor = fileDescriptor
        self.closesDescriptor = closesDescriptor
        let bufferSize: Int32 = 64 * 1024
        guard let buffer = av_malloc(Int(bufferSize))?.assumingMemoryBound(to: UInt8.self) else {
            if closesDescriptor { close(fileDescriptor) }
            throw TranscodeError(.internalError, "out of memory allocating an output buffer")
        }
        let seekable = lseek(fileDescriptor, 0, SEEK_CUR) >= 0
        // The context is created before `self` exists, so `opaque` carries the descriptor number
        // itself (boxed in the pointer value) rather than a reference to this object.
        let opaque = UnsafeMutableRawPointer(bitPattern: Int(fileDescriptor) + 1)
        guard
            let context = avio_alloc_context(
                buffer, bufferSize, 1, opaque, nil,
                { opaque, data, size in FileDescriptorSink.writeCallback(opaque, data, size) },
                seekable ? { opaque, offset, whence in FileDescriptorSink.seekCallback(opaque, offset, whence) } : nil
            )
        else {
            av_free(buffer)
            if closesDescriptor { close(fileDescriptor) }
            throw TranscodeError(.internalError, "out of memory allocating an AVIO context")
        }
        avio = context
    }

    /// Creates (or truncates) the file at `path` and writes to it.
    convenience init(path: String) throws(TranscodeError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            throw TranscodeError(.io, "cannot create \(path): \(String(cString: strerror(errno))); check the directory exists and is writable")
        }
        try self.init(fileDescriptor: descriptor, closesDescriptor: true)
    }

    deinit {
        avio_flush(avio)
        var buffer: UnsafeMutablePointer<UInt8>? = avio.pointee.buffer
        av_freep(&buffer)
        var context: UnsafeMutablePointer<AVIOContext>? = avio
        avio_context_free(&context)
        if closesDescriptor { close(fileDescriptor) }
    }

    private static func descriptor(_ opaque: UnsafeMutableRawPointer?) -> Int32 {
        Int32(Int(bitPattern: opaque) - 1)
    }

    private static func writeCallback(_ opaque: UnsafeMutableRawPointer?, _ data: UnsafeMutablePointer<UInt8>?, _ size: Int32) -> Int32 {
        let fd = descriptor(opaque)
        guard let data else { return cffmpeg_averror(EINVAL) }
        var written = 0
        while written < Int(size) {
            let result = write(fd, data + written, Int(size) - written)
            if result < 0 {
                if errno == EINTR { continue }
                return cffmpeg_averror(errno)
            }
            written += result
        }
        return size
    }

    private static func seekCallback(_ opaque: UnsafeMutableRawPointer?, _ offset: Int64, _ whence: Int32) -> Int64 {
        let fd = descriptor(opaque)
        if whence == cffmpeg_avseek_size() {
            var status = stat()
            return fstat(fd, &status) == 0 ? Int64(status.st_size) : Int64(cffmpeg_averror(errno))
        }
        let result = lseek(fd, off_t(offset), whence & ~AVSEEK_FORCE)
        return result < 0 ? Int64(cffmpeg_averror(errno)) : Int64(result)
    }
}
