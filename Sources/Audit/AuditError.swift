package import Foundation
/// An error of the audit log. The cases can grow without breaking callers.
public struct AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case invalidRange(from: String, to: String)
        case rangeTooLong(days: Int, limit: Int)
    }

    let base: Base

    init(_ base: Base) { self.base = base }

    /// `to` lies before `from`.
    package static func invalidRange(from: Date, to: Date) -> AuditError {
        AuditError(.invalidRange(from: from.formatted(.iso8601), to: to.formatted(.iso8601)))
    }

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
