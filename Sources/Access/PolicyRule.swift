/// One rule of a policy file: if the action, subject, asset and request conditions all hold, the rule matches and
/// its effect applies.
public struct PolicyRule: Sendable, Hashable, Identifiable {
    /// Unique across all policy files; shown to administrators and in the audit log.
    public var id: String
    /// Optional free text for librarians (`description:`).
    public var summary: String?
    public var effect: PolicyEffect
    public var actions: Set<PolicyAction>
    public var subjects: PolicySubjectMatcher
    public var assets: PolicyAssetMatcher
    public var when: PolicyRequestCondition
    /// Quotas attached to what this rule allows (ignored on deny rules).
    public var limits: PolicyLimits
    /// Where the rule starts in its file.
    public var source: PolicySourcePosition?

    public init(
        id: String, summary: String? = nil, effect: PolicyEffect, actions: Set<PolicyAction>,
        subjects: PolicySubjectMatcher = .anyone, assets: PolicyAssetMatcher = .any,
        when: PolicyRequestCondition = .always, limits: PolicyLimits = .none, source: PolicySourcePosition? = nil
    ) {
        self.id = id
        self.summary = summary
        self.effect = effect
        self.actions = actions
        self.subjects = subjects
        self.assets = assets
        self.when = when
        self.limits = limits
        self.source = source
    }
}
