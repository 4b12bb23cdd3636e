/// How one rule fared against one request, for explanations.
public struct PolicyRuleEvaluation: Sendable, Hashable, CustomStringConvertible {
    public var ruleID: String
    public var effect: PolicyEffect
    public var source: PolicySourcePosition?
    /// Whether every condition of the rule holds.
    public var matched: Bool
    /// Why: the first condition that fails (`collection 'gov-info' not in [local-docs]`), or, for a match, every
    /// condition that holds.
    public var reason: String
    /// The rule's limits (they apply only when an allow rule matched).
    public var limits: PolicyLimits

    public init(
        ruleID: String, effect: PolicyEffect, source: PolicySourcePosition?, matched: Bool, reason: String,
        limits: PolicyLimits
    ) {
        self.ruleID = ruleID
        self.effect = effect
        self.source = source
        self.matched = matched
        self.reason = reason
        self.limits = limits
    }

    /// One line: `matched   allow members-read-local-documents (20-members.yaml:12:5): …`.
    public var description: String {
        let where_ = source.map { " (\($0))" } ?? ""
        return "\(matched ? "matched  " : "no match ") \(effect) \(ruleID)\(where_): \(reason)"
    }
}
