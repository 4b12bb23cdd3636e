extension PolicyEngine {
    /// Decides `request` and shows the reasoning: every rule of the set in order, whether it matched and why.
    /// Slower than ``decide(_:)`` (it evaluates every rule and builds text); meant for administrators.
    public func explain(_ request: PolicyRequest) -> PolicyExplanation {
        let evaluations = policySet.rules.map { $0.evaluate(request) }
        return PolicyExplanation(request: request, decision: decide(request), rules: evaluations)
    }

}
