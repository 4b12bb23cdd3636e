/// The `subjects:` part of a rule: `anyone`, or conditions on the subject that must all hold.
public struct PolicySubjectMatcher: Sendable, Hashable {
    /// The vouching (or calling) library must be one of these (`libraries:`).
    public var libraries: PolicyNameList?
    /// The subject's kind must be one of these (`kinds:`).
    public var kinds: Set<PolicySubject.Kind>?
    /// The subject's id must be one of these (`ids:`).
    public var ids: PolicyNameList?

    public init(libraries: PolicyNameList? = nil, kinds: Set<PolicySubject.Kind>? = nil, ids: PolicyNameList? = nil) {
        self.libraries = libraries
        self.kinds = kinds
        self.ids = ids
    }

    /// Matches every subject, anonymous ones included.
    public static let anyone = PolicySubjectMatcher()

    /// Whether this is `anyone`.
    public var matchesAnyone: Bool { libraries == nil && kinds == nil && ids == nil }
}
