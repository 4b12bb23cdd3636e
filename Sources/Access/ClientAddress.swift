/// Who a request comes from, as every decision that depends on the client's address sees it (policies, IP-bound
/// links, delivery windows, quotas, the metrics rule, audit): the socket peer, or, when the peer is a trusted proxy,
/// the address that proxy reports (see ``TrustedProxies``).
public struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    /// The client's address; nil when nothing usable is known (a Unix socket, a proxy reporting `unknown`).
    public let address: IPAddress?
    /// Whether the request reached the gateway through a proxy: the peer is a trusted proxy that reported a client,
    /// or the request carries forwarding headers at all. Such a request is never treated as local, whatever
    /// address it reports (the metrics rule).
    public let viaProxy: Bool
    /// The address as text (`-` when unknown), as the audit log and download windows key it.
    public let description: String

    public init(address: IPAddress?, viaProxy: Bool) {
        self.address = address
        self.viaProxy = viaProxy
        description = address?.description ?? "-"
    }

    /// Whether the request comes straight from this machine (a loopback peer, no proxy in between).
    public var isLocal: Bool {
        guard !viaProxy, let address else { return false }
        return address.isLoopback
    }
}

extension IPAddress {
    /// Whether the address is on the loopback network (`127.0.0.0/8` or `::1`).
    public var isLoopback: Bool {
        if isIPv4 { return bytes[12] == 127 }
        return bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
    }
}
