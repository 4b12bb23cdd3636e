#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the few system calls the disk tier needs, returning `errno` instead of crashing.
enum POSIX {
    static var lastError: Int32 { errno }

    static func openForWriting(_ path: String) -> Result<Int32, Errno> {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        return fd >= 0 ? .success(fd) : .failure(Errno(errno))
    }

    static func openForReading(_ path: String) -> Result<Int32, Errno> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        return fd >= 0 ? .success(fd) : .failure(Errno(errno))
    }

    /// Writes every byte, retrying after interruptions and short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Errno? {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return Errno(errno)
            }
            offset += n
        }
        return nil
    }

    /// Reads up to `buffer.count` bytes; 0 at end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    static func sync(_ fd: Int32) -> Errno? {
        fsync(fd) == 0 ? nil : Errno(errno)
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func rename(_ from: String, _ to: String) -> Errno? {
        Glibc.rename(from, to) == 0 ? nil : Errno(errno)
    }

    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Size and modification time (seconds) of a regular file, or `nil`.
    static func regularFileStatus(_ path: String) -> (size: Int, modified: Double)? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return (Int(info.st_size), modified)
    }

    /// Sets a file's modification time to now (records "last used" across restarts).
    static func touch(_ path: String) {
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }

    /// Flushes a directory's entries (so a rename survives a crash).
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = Glibc.close(fd)
    }

    static func makeDirectory(_ path: String) -> Errno? {
        // mkdir -p: create each missing component.
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { return Errno(errno) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return Errno(errno) }
        return (info.st_mode & S_IFMT) == S_IFDIR ? nil : Errno(ENOTDIR)
    }

    /// Whether a file can be created in `directory` right now (creates and removes a probe file).
    static func canCreateFiles(in directory: String) -> Errno? {
        let probe = directory + "/.probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        switch openForWriting(probe) {
        case .success(let fd):
            close(fd)
            unlink(probe)
            return nil
        case .failure(let error):
            return error
        }
    }

    static func directoryEntries(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// A system error number with its message.
struct Errno: Error, Sendable, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) + " (errno \(code))" }
}
