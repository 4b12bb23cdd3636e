import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DiskCache {
    /// The entry for `key`, or `nil`; marks it as most recently used.
    ///
    /// The first lookup of an entry after a restart reads the whole file to verify its checksum (streaming,
    /// 1 MiB at a time) and drops it on mismatch; later lookups only check that the file still has its size.
    public func lookup(key: String) -> DiskCacheEntry? {
        let keyHash = Checksum.ofKey(key)
        let now = Self.wallClock()
        let found: Record? = state.withLock { state in
            guard state.usable, let record = state.index.value(forKey: keyHash, keyHash: keyHash.hashValue) else {
                state.statistics.misses += 1
                return nil
            }
            return record
        }
        guard var record = found else { return nil }
        let path = path(of: record.fileName)
        if !record.verified {
            guard verifyFile(keyHash: keyHash, record: record) else {
                state.withLock { $0.statistics.misses += 1 }
                return nil
            }
            record.verified = true
        } else if POSIX.regularFileStatus(path)?.size != record.size {
            drop(keyHash: keyHash, fileName: record.fileName, reason: "file vanished or changed size")
            state.withLock { $0.statistics.misses += 1 }
            return nil
        }
        let touch: Bool = state.withLock { state in
            state.statistics.hits += 1
            return state.index.modifyValue(forKey: keyHash) { current in
                guard current.fileName == record.fileName, now - current.touchedOnDisk >= Self.touchInterval else {
                    return false
                }
                current.touchedOnDisk = now
                return true
            } ?? false
        }
        if touch { POSIX.touch(path) }
        return DiskCacheEntry(key: key, path: path, size: record.size, checksum: record.checksum)
    }

    /// Re-reads the entry's file and compares it with its checksum; drops the entry on mismatch.
    /// - Returns: whether the entry exists and its bytes are intact.
    @discardableResult
    public func verify(key: String) -> Bool {
        let keyHash = Checksum.ofKey(key)
        guard let record = state.withLock({ $0.index.peek(keyHash) }) else { return false }
        return verifyFile(keyHash: keyHash, record: record)
    }

    /// Removes the entry for `key` and its file.
    public func remove(key: String) {
        let keyHash = Checksum.ofKey(key)
        state.withLock { state in
            if let record = state.index.removeValue(forKey: keyHash) {
                POSIX.unlink(path(of: record.fileName))
            }
        }
    }

    /// Stores an entry whose bytes `writing` produces through a `DiskCacheWriter`.
    ///
    /// The bytes go to a temporary file that is flushed (`fsync`) and renamed into place only when complete;
    /// on any failure the temporary file is deleted and the previous entry for `key`, if any, stays.
    /// - Returns: the stored entry.
    /// - Throws: `DiskCacheError` when the directory is unusable or the disk refuses the bytes (counted as a
    ///   write failure; serve from the origin), or when the entry is larger than the capacity; or whatever
    ///   `writing` throws.
    /// - Parameter durable: flush the file and the directory before returning (the default). Pass false for bytes
    ///   that can be fetched again (slices of an object-store blob): a crash may then leave a damaged file, which the
    ///   checksum check of its first use after the restart drops, and a miss costs a few milliseconds less.
    @discardableResult
    public func insert(key: String, durable: Bool = true, writing: (inout DiskCacheWriter) throws -> Void) throws -> DiskCacheEntry {
        let temporary = try createTemporaryFile()
        var writer = DiskCacheWriter(descriptor: temporary.descriptor, path: temporary.path)
        do {
            try writing(&writer)
            if durable, let error = POSIX.sync(temporary.descriptor) {
                throw DiskCacheError.writeFailed(path: temporary.path, operation: "flush", error)
            }
        } catch {
            POSIX.close(temporary.descriptor)
            POSIX.unlink(temporary.path)
            if let failure = error as? DiskCacheError, failure.isWriteFailure { recordWriteFailure(failure) }
            throw error
        }
        POSIX.close(temporary.descriptor)
        let size = writer.bytesWritten
        let checksum = writer.finish()
        return try publish(temporaryPath: temporary.path, key: key, size: size, checksum: checksum, durable: durable)
    }

    /// Stores an existing file as the entry for `key`, moving it into the cache directory.
    ///
    /// The file is hashed (streaming) and flushed, then renamed into place when it is on the same filesystem,
    /// or else copied through a temporary file and removed.
    /// - Throws: as `insert(key:writing:)`; `DiskCacheError` if the source cannot be read (the source is then
    ///   left where it is).
    @discardableResult
    public func insert(key: String, movingFrom sourcePath: String) throws -> DiskCacheEntry {
        guard isUsable else {
            let failure = DiskCacheError.unavailable(directory: directory, reason: "not usable since start")
            recordWriteFailure(failure)
            throw failure
        }
        let (checksum, size): (String, Int)
        switch Checksum.ofFile(sourcePath) {
        case .success(let result): (checksum, size) = result
        case .failure(let error): throw DiskCacheError.sourceUnreadable(path: sourcePath, error)
        }
        if case .success(let fd) = POSIX.openForReading(sourcePath) {
            _ = POSIX.sync(fd)
            POSIX.close(fd)
        }
        let temporary = path(of: "tmp-\(Self.uniqueSuffix()).partial")
        switch POSIX.rename(sourcePath, temporary) {
        case nil:
            return try publish(temporaryPath: temporary, key: key, size: size, checksum: checksum)
        case let error? where error.code == EXDEV:
            let entry = try insert(key: key) { writer in try Self.copy(sourcePath, into: &writer) }
            POSIX.unlink(sourcePath)
            return entry
        case let error?:
            let failure = DiskCacheError.writeFailed(path: temporary, operation: "move a file into", error)
            recordWriteFailure(failure)
            throw failure
        }
    }

    // MARK: - Internals

    private static func copy(_ sourcePath: String, into writer: inout DiskCacheWriter) throws {
        let fd: Int32
        switch POSIX.openForReading(sourcePath) {
        case .success(let opened): fd = opened
        case .failure(let error): throw DiskCacheError.sourceUnreadable(path: sourcePath, error)
        }
        defer { POSIX.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Checksum.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            switch POSIX.read(fd, into: buffer) {
            case .failure(let error): throw DiskCacheError.sourceUnreadable(path: sourcePath, error)
            case .success(0): return
            case .success(let n): try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
    }

    private func createTemporaryFile() throws(DiskCacheError) -> (descriptor: Int32, path: String) {
        guard isUsable else {
            let failure = DiskCacheError.unavailable(directory: directory, reason: "not usable since start")
            recordWriteFailure(failure)
            throw failure
        }
        let path = path(of: "tmp-\(Self.uniqueSuffix()).partial")
        switch POSIX.openForWriting(path) {
        case .success(let fd):
            return (fd, path)
        case .failure(let error):
            let failure = DiskCacheError.writeFailed(path: path, operation: "create", error)
            recordWriteFailure(failure)
            throw failure
        }
    }

    /// Renames a complete, flushed temporary file into place and indexes it, evicting old entries as needed.
    private func publish(temporaryPath: String, key: String, size: Int, checksum: String, durable: Bool = true) throws -> DiskCacheEntry {
        guard size <= capacityBytes else {
            POSIX.unlink(temporaryPath)
            throw DiskCacheError.tooLarge(size: size, capacity: capacityBytes)
        }
        let keyHash = Checksum.ofKey(key)
        let fileName = Self.fileName(keyHash: keyHash, checksum: checksum)
        let finalPath = path(of: fileName)
        let record = Record(
            fileName: fileName, size: size, checksum: checksum, verified: true, touchedOnDisk: Self.wallClock())
        // Rename and index under the lock, so the index and the directory never disagree about a file.
        let failure: DiskCacheError? = state.withLock { state in
            if let error = POSIX.rename(temporaryPath, finalPath) {
                POSIX.unlink(temporaryPath)
                return .writeFailed(path: finalPath, operation: "rename into", error)
            }
            let removed = state.index.insert(
                record, forKey: keyHash, cost: max(1, size), keyHash: keyHash.hashValue, collect: true)
            for entry in removed where entry.value.fileName != fileName {
                POSIX.unlink(path(of: entry.value.fileName))
                if entry.reason == .capacity { state.statistics.evictions += 1 }
            }
            return nil
        }
        if let failure {
            recordWriteFailure(failure)
            throw failure
        }
        if durable { POSIX.syncDirectory(directory) }
        return DiskCacheEntry(key: key, path: finalPath, size: size, checksum: checksum)
    }

    /// Hashes the file of `record`; marks it verified if intact, drops it otherwise.
    private func verifyFile(keyHash: String, record: Record) -> Bool {
        let path = path(of: record.fileName)
        switch Checksum.ofFile(path) {
        case .success(let result) where result.checksum == record.checksum && result.size == record.size:
            state.withLock { state in
                _ = state.index.modifyValue(forKey: keyHash) { current in
                    if current.fileName == record.fileName { current.verified = true }
                }
            }
            return true
        case .success:
            drop(keyHash: keyHash, fileName: record.fileName, reason: "checksum mismatch")
            return false
        case .failure(let error):
            drop(keyHash: keyHash, fileName: record.fileName, reason: error.description)
            return false
        }
    }

    private func drop(keyHash: String, fileName: String, reason: String) {
        let dropped: Bool = state.withLock { state in
            guard state.index.peek(keyHash)?.fileName == fileName else { return false }
            _ = state.index.removeValue(forKey: keyHash)
            POSIX.unlink(path(of: fileName))
            state.statistics.corruptDrops += 1
            return true
        }
        if dropped {
            logger.warning("disk cache dropped corrupt entry", metadata: ["file": "\(fileName)", "reason": "\(reason)"])
        }
    }

    private func recordWriteFailure(_ failure: DiskCacheError) {
        state.withLock { $0.statistics.writeFailures += 1 }
        logger.error("\(failure)")
    }

    static func uniqueSuffix() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36) + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
