/// An error of the audit log. The cases can grow without breaking callers.
public struct AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case invalidRange(from: String, to: String)
        case rangeTooLong(days: Int, limit: Int)
    }

    let base: Base

    init(_ base: Base) { self.base = base }

    /// One line a person can act on.
    public var description: String {
        switch base {
        case .invalidRange(let from, let to):
            return "the report range ends (\(to)) before it starts (\(from)); swap --from and --to"
        case .rangeTooLong(let days, let limit):
            return "a report by day covers at most \(limit) days, this one covers \(days); "
                + "shorten the range or group by library, collection or action"
        }
    }

    /// Whether the caller asked for something impossible (answer 400), as opposed to a storage failure.
    public var isBadRequest: Bool {
        switch base {
        case .invalidRange, .rangeTooLong: return true
        }
    }
}
