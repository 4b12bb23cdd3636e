/// The engine's answer to one request.
public struct PolicyDecision: Sendable, Hashable, CustomStringConvertible {
    /// Why the request was allowed or refused, as a code that is safe to show a patron (it names no rule).
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// An allow rule matched and no deny rule did.
        case allowed
        /// A deny rule matched.
        case deniedByPolicy = "denied_by_policy"
        /// No rule matched: default deny.
        case noMatchingRule = "no_matching_rule"
    }

    public var allowed: Bool
    /// The deciding rule: the first matching deny rule, or (when allowed) the first matching allow rule; `nil` under
    /// default deny. For administrators and the audit log, never for patrons.
    public var ruleID: String?
    /// The limits that apply: the minimum, field by field, over every matching allow rule (`none` when refused).
    public var limits: PolicyLimits
    public var reason: Reason

    public init(allowed: Bool, ruleID: String?, limits: PolicyLimits, reason: Reason) {
        self.allowed = allowed
        self.ruleID = ruleID
        self.limits = limits
        self.reason = reason
    }

    /// The patron-safe machine code (`allowed`, `denied_by_policy`, `no_matching_rule`).
    public var reasonCode: String { reason.rawValue }

    public var description: String {
        let verdict = allowed ? "allow" : "deny"
        let rule = ruleID.map { " by rule '\($0)'" } ?? ""
        let quota = allowed && !limits.isEmpty ? ", limits \(limits)" : ""
        return "\(verdict)\(rule) (\(reason.rawValue))\(quota)"
    }
}
