/// Why a `DiskCache` operation failed. The cache itself stays usable (or pass-through); callers serve from the
/// origin instead.
public struct DiskCacheError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case unavailable(directory: String, reason: String)
        case writeFailed(path: String, operation: String, reason: String)
        case tooLarge(size: Int, capacity: Int)
        case sourceUnreadable(path: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    static func unavailable(directory: String, reason: String) -> Self {
        Self(.unavailable(directory: directory, reason: reason))
    }

    static func writeFailed(path: String, operation: String, _ error: Errno) -> Self {
        Self(.writeFailed(path: path, operation: operation, reason: error.description))
    }

    static func tooLarge(size: Int, capacity: Int) -> Self {
        Self(.tooLarge(size: size, capacity: capacity))
    }

    static func sourceUnreadable(path: String, _ error: Errno) -> Self {
        Self(.sourceUnreadable(path: path, reason: error.description))
    }

    /// Whether the failure was the disk's (unwritable, missing or full directory) and counted as a write failure.
    public var isWriteFailure: Bool {
        switch kind {
        case .unavailable, .writeFailed: true
        case .tooLarge, .sourceUnreadable: false
        }
    }

    public var description: String {
        switch kind {
        case .unavailable(let directory, let reason):
            "disk cache directory '\(directory)' is not usable (\(reason)); serving without the disk tier. "
                + "Create the directory, make it writable by the gateway, or change the cache directory setting."
        case .writeFailed(let path, let operation, let reason):
            "disk cache could not \(operation) '\(path)': \(reason). Free space on that filesystem or check its "
                + "permissions; the entry was not stored and requests are served from the origin."
        case .tooLarge(let size, let capacity):
            "entry of \(size) bytes is larger than the disk cache capacity of \(capacity) bytes; raise the disk "
                + "cache size if such entries should be cached."
        case .sourceUnreadable(let path, let reason):
            "cannot read '\(path)' to move it into the disk cache: \(reason)."
        }
    }
}
