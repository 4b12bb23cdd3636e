public import Logging
import Synchronization

/// A persistent, byte-bounded cache of files (transcoded renditions, HLS segments) in one directory.
///
/// - **Layout**: one file per entry, named `<sha256(key)>.<sha256(bytes)>.entry`, so the name carries the key
///   and the checksum and one `rename` publishes both atomically. Temporary files are `tmp-*.partial`.
/// - **Start**: the index is rebuilt by listing the directory and `lstat`ing each entry (no file is read);
///   leftover temporary files from a crash are deleted; last-use order comes from the files' modification
///   times, which lookups refresh (at most once a minute per entry).
/// - **Writes**: into a temporary file, `fsync`, `rename` into place, `fsync` of the directory. An entry never
///   becomes visible before all its bytes are on disk, so a partial file is never served.
/// - **Integrity**: each entry is verified against its checksum the first time it is used after a restart
///   (entries written by this process were hashed as they were written), and on demand by `verify(key:)`;
///   a mismatch drops the entry. Every lookup also checks the file still exists with the recorded size.
/// - **Failures**: an unusable directory makes the cache pass-through (lookups miss, inserts throw
///   `DiskCacheError` and count `writeFailures`); nothing crashes and the caller serves from the origin.
///
/// Lookups that verify a file and insertions do blocking file I/O: call them from a thread that may block,
/// not from an event loop.
public final class DiskCache: Sendable {
    struct Record: Sendable {
        var fileName: String
        var size: Int
        var checksum: String
        var verified: Bool
        /// When the file's modification time was last set to "now" (seconds, wall clock).
        var touchedOnDisk: Double
    }

    struct State: Sendable {
        var index: CacheShard<String, Record, LRUPolicy>
        var usable: Bool
        var statistics = DiskCacheStatistics()
    }

    /// The directory holding the entries.
    public let directory: String
    /// The most bytes the entries may take together.
    public let capacityBytes: Int
    let logger: Logger
    let state: Mutex<State>

    static let touchInterval: Double = 60

    /// Opens (creating if needed) a disk cache directory and rebuilds its index from the files in it.
    ///
    /// Never fails: if the directory cannot be created or written, the cache works as pass-through and says so
    /// in the log (and in `isUsable`).
    /// - Parameters:
    ///   - directory: path of a directory owned by this cache (files it does not recognise are left alone).
    ///   - capacityBytes: the most bytes to keep; older entries beyond it are evicted at start.
    ///   - logger: where failures are reported.
    public init(directory: String, capacityBytes: Int, logger: Logger = Logger(label: "gateway.cache.disk")) {
        precondition(capacityBytes >= 0, "capacityBytes must not be negative")
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.capacityBytes = capacityBytes
        self.logger = logger
        var state = State(index: CacheShard(capacity: capacityBytes, configuration: .lru), usable: false)
        if let error = POSIX.makeDirectory(self.directory) ?? POSIX.canCreateFiles(in: self.directory) {
            let failure = DiskCacheError.unavailable(directory: self.directory, reason: error.description)
            logger.error("\(failure)")
        } else {
            state.usable = true
            Self.rebuildIndex(of: self.directory, into: &state, logger: logger)
        }
        self.state = Mutex(state)
    }

    /// Whether the directory was usable at start (otherwise the cache is pass-through).
    public var isUsable: Bool {
        state.withLock { $0.usable }
    }

    /// A snapshot of the counters.
    public var statistics: DiskCacheStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.currentBytes = state.index.totalCost
            statistics.currentEntries = state.index.count
            return statistics
        }
    }

    func path(of fileName: String) -> String {
        directory + "/" + fileName
    }

    static func fileName(keyHash: String, checksum: String) -> String {
        keyHash + "." + checksum + ".entry"
    }
}
