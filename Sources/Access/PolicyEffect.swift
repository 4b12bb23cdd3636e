/// What a matching rule does: let the request through, or refuse it (a matching deny always wins).
public enum PolicyEffect: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case allow
    case deny

    public var description: String { rawValue }
}
