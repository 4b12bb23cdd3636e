import Access

/// The outcome of ``ContentPipeline/decide(_:)``: allowed under a policy decision (whose limits still apply), or
/// refused, with the policy decision to record when there was one.
enum AccessDecision: Sendable {
    case allowed(PolicyDecision)
    case refused(ContentRefusal, recorded: PolicyDecision?)
}
