import Access

/// `GET /admin/explain`: the decision, every rule considered and why, and the explanation as text.
struct ExplanationBody: Encodable, Sendable {
    struct Rule: Encodable, Sendable {
        var rule: String
        var matched: Bool
        var reason: String
    }

    var allowed: Bool
    var rule: String?
    var reason: String
    var rules: [Rule]
    var text: String

    init(_ explanation: PolicyExplanation) {
        allowed = explanation.decision.allowed
        rule = explanation.decision.ruleID
        reason = explanation.decision.reasonCode
        rules = explanation.rules.map { Rule(rule: $0.ruleID, matched: $0.matched, reason: $0.reason) }
        text = explanation.description
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allowed, forKey: .allowed)
        try container.encode(rule, forKey: .rule)  // null when no rule decided
        try container.encode(reason, forKey: .reason)
        try container.encode(rules, forKey: .rules)
        try container.encode(text, forKey: .text)
    }

    enum CodingKeys: String, CodingKey {
        case allowed, rule, reason, rules, text
    }
}
