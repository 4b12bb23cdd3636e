public import Access
public import AssetStore
public import Foundation

/// A rule beyond the policy files that every way to an item's bytes must obey — the router's routes and the
/// sendfile fast path alike, because all of them decide through ``ContentPipeline/decide(_:)``. Rules are given to
/// ``GatewayServices`` when it is made (tests add their own; cross-node quotas or stamping requirements are rules too).
public protocol ContentRule: Sendable {
    /// A short name, recorded as the deciding rule (`rule:NAME`) in the audit log.
    var name: String { get }
    /// Why `question` is refused, or nil to let the policy's decision stand. Called on event loops: answer from
    /// memory, never block.
    func refusal(for question: ContentQuestion) -> ContentRefusal?
}

/// What a ``ContentRule`` is asked about.
public struct ContentQuestion: Sendable {
    /// The subject as policies see it.
    public var subject: PolicySubject
    /// The action the request is judged as.
    public var action: PolicyAction
    public var asset: Asset
    /// The client's address (behind a trusted proxy, the one it reports).
    public var client: IPAddress?
    public var now: Date
}
