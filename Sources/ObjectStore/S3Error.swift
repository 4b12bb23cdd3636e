/// A request to the object store that did not succeed.
public enum S3Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// The store answered with an error status (`code` from its XML body when it gave one).
    case status(Int, code: String, operation: String)
    /// The store could not be reached or the connection broke (the store is down, a timeout, a reset).
    case unreachable(operation: String, reason: String)
    /// The store answered something this client cannot use (a body larger than asked for, a missing upload id).
    case malformed(operation: String, reason: String)

    public var description: String {
        switch self {
        case .status(let status, let code, let operation): "object store: \(operation) answered \(status) \(code)"
        case .unreachable(let operation, let reason): "object store unreachable: \(operation): \(reason)"
        case .malformed(let operation, let reason): "object store: \(operation): \(reason)"
        }
    }

    /// Whether the error says the object (or the bucket) does not exist.
    public var isNotFound: Bool {
        if case .status(404, _, _) = self { return true }
        return false
    }
}
