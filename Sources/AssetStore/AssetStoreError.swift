/// An error of the asset store. The cases can grow without breaking callers.
public struct AssetStoreError: Error, Sendable, CustomStringConvertible {
    enum Base: Sendable, Equatable {
        case sourceMissing(String)
        case sourceNotAFile(String)
        case sourceUnreadable(String, errno: Int32)
        case sourceEmpty(String)
        case writeFailed(String, errno: Int32)
        case invalidArgument(String)
        case notFound(String)
        case storeFailed(String)
    }

    let base: Base

    init(_ base: Base) { self.base = base }

    /// Writing `path` failed with `errno`.
    public static func writeFailed(_ path: String, errno code: Int32) -> AssetStoreError {
        AssetStoreError(.writeFailed(path, errno: code))
    }

    /// A request the store refuses; `message` says why.
    public static func invalidArgument(_ message: String) -> AssetStoreError {
        AssetStoreError(.invalidArgument(message))
    }

    /// The blob store (an object store, say) failed; `message` says how.
    public static func storeFailed(_ message: String) -> AssetStoreError {
        AssetStoreError(.storeFailed(message))
    }

    /// One line a person can act on.
    public var description: String {
        switch base {
        case .sourceMissing(let path):
            return "\(path): no such file (check the path and try again)"
        case .sourceNotAFile(let path):
            return "\(path): not a regular file (give the path of a file, not a directory or device)"
        case .sourceUnreadable(let path, let code):
            return "\(path): cannot be read (\(Self.describe(code))); check its permissions"
        case .sourceEmpty(let path):
            return "\(path): the file is empty (0 bytes); nothing was ingested"
        case .writeFailed(let path, let code):
            return "\(path): cannot write to the store (\(Self.describe(code))); check free space and permissions"
        case .invalidArgument(let message):
            return message
        case .notFound(let id):
            return "no asset with id '\(id)'"
        case .storeFailed(let message):
            return message
        }
    }

    /// Whether the error means the asset or file does not exist.
    public var isNotFound: Bool {
        if case .notFound = base { return true }
        return false
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
