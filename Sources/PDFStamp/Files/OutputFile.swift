import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stamped copy written under a temporary name beside its final one, flushed to disk and renamed into place only
/// when complete: a reader of the final name sees the old file, nothing, or the whole new one, never a part.
struct OutputFile {
    /// Where qpdf writes; renamed to ``path`` by ``commit()``.
    let temporaryPath: String
    let path: String

    /// Reserves a temporary name (`.NAME.stamp-XXXXXX`, mode 0600) in `path`'s directory.
    init(_ path: String) throws(PDFStampError) {
        let url = URL(fileURLWithPath: path)
        var template = Array(
            (url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".stamp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw PDFStampError(.io, "cannot write beside \(path): \(Self.lastError())")
        }
        close(descriptor)
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        self.path = path
    }

    /// Flushes the finished file to disk, renames it over ``path`` and flushes the directory entry.
    func commit() throws(PDFStampError) {
        let descriptor = open(temporaryPath, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = Self.lastError()
            if descriptor >= 0 { close(descriptor) }
            throw PDFStampError(.io, "cannot flush \(temporaryPath) to disk: \(reason)")
        }
        close(descriptor)
        guard rename(temporaryPath, path) == 0 else {
            throw PDFStampError(.io, "cannot rename \(temporaryPath) to \(path): \(Self.lastError())")
        }
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file of a stamping that failed. (Not after a commit: the name is free again then and
    /// may already be another stamping's.)
    func discard() {
        unlink(temporaryPath)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
