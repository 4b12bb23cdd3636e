/// A decision with the reasoning behind it: every rule in the set, in order, with whether it matched and why.
/// For administrators (`gateway policy explain`, `GET /admin/explain`); it names rules, so never show it to patrons.
public struct PolicyExplanation: Sendable, Hashable, CustomStringConvertible {
    public var request: PolicyRequest
    public var decision: PolicyDecision
    /// Every rule of the set, in file order.
    public var rules: [PolicyRuleEvaluation]

    public init(request: PolicyRequest, decision: PolicyDecision, rules: [PolicyRuleEvaluation]) {
        self.request = request
        self.decision = decision
        self.rules = rules
    }

    /// The rules that matched.
    public var matchedRules: [PolicyRuleEvaluation] { rules.filter(\.matched) }

    /// A report a librarian can read: the request, the decision and one line per rule.
    public var description: String {
        let asset = request.asset
        let attributes = "collection '\(asset.collection)', owner '\(asset.ownerLibrary)', rights '\(asset.rights)', "
            + "media kind '\(asset.mediaKind)'" + (asset.embargoed ? ", embargoed" : "")
        var lines = [
            "request:  \(request.action) of asset '\(asset.id)' (\(attributes))",
            "subject:  \(request.subject)",
            "address:  \(request.clientAddress.map(String.init(describing:)) ?? "unknown")",
            "decision: \(decision)",
        ]
        if rules.isEmpty {
            lines.append("rules:    none are defined, so everything is denied")
        } else {
            lines.append("rules considered:")
            lines += rules.map { "  " + $0.description }
        }
        return lines.joined(separator: "\n")
    }
}
