/// One question to the policy engine: may `subject` perform `action` on `asset` from `clientAddress`?
public struct PolicyRequest: Sendable, Hashable {
    public var action: PolicyAction
    public var subject: PolicySubject
    public var asset: PolicyAsset
    /// The client's address (after trusted-proxy handling), tested by `when: { networks / not_networks }`. `nil` when
    /// unknown: such a request is outside every network.
    public var clientAddress: IPAddress?

    public init(action: PolicyAction, subject: PolicySubject, asset: PolicyAsset, clientAddress: IPAddress? = nil) {
        self.action = action
        self.subject = subject
        self.asset = asset
        self.clientAddress = clientAddress
    }
}
