public import Hummingbird
public import NIOCore

/// The request context of the gateway: Hummingbird's core storage plus the peer address (for IP-bound links and the
/// audit log).
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
