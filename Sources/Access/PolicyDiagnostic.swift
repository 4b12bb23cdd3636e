/// One problem found in the policy files, at the place it was written.
public struct PolicyDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; `nil` for problems of the whole set (such as an unreadable directory).
    public var position: PolicySourcePosition?
    /// What is wrong and, where one fits, what to write instead.
    public var message: String

    public init(position: PolicySourcePosition?, message: String) {
        self.position = position
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String {
        guard let position else { return message }
        return "\(position): \(message)"
    }
}
