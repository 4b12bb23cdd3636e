/// `Config/libraries.yaml` could not be loaded. Carries every problem found, each as `file:line:column: message`, so
/// an administrator can fix them all in one go.
public struct LibraryDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Base: Sendable, Hashable {
        case invalid([String])
        case unreadable(path: String, reason: String)
    }

    private let base: Base

    static func invalid(_ diagnostics: [String]) -> LibraryDirectoryError {
        LibraryDirectoryError(base: .invalid(diagnostics))
    }

    static func unreadable(_ path: String, reason: String) -> LibraryDirectoryError {
        LibraryDirectoryError(base: .unreadable(path: path, reason: reason))
    }

    /// Whether the file could not be read at all (missing, unreadable, not UTF-8 or too large), as opposed to
    /// read and found wrong.
    public var isUnreadable: Bool {
        if case .unreadable = base { return true }
        return false
    }

    /// Every problem, one `file:line:column: message` each (a file that cannot be read: `file: message`).
    public var diagnostics: [String] {
        switch base {
        case .invalid(let diagnostics):
            return diagnostics
        case .unreadable(let path, let reason):
            return [
                "\(path): cannot read the library directory (\(reason)); check the path and its permissions, "
                    + "or copy the example from the gateway's Config/libraries.yaml"
            ]
        }
    }

    /// All problems, one per line.
    public var description: String { diagnostics.joined(separator: "\n") }
}
