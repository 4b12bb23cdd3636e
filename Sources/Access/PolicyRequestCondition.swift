/// The `when:` part of a rule: conditions on the request itself.
public struct PolicyRequestCondition: Sendable, Hashable {
    /// The client address must lie in one of these blocks (`networks:`).
    public var networks: PolicyNetworkList?
    /// The client address must lie in none of these blocks (`not_networks:`); an unknown address lies in none.
    public var notNetworks: PolicyNetworkList?

    public init(networks: PolicyNetworkList? = nil, notNetworks: PolicyNetworkList? = nil) {
        self.networks = networks
        self.notNetworks = notNetworks
    }

    /// No condition.
    public static let always = PolicyRequestCondition()
}
