public import Access
public import Hummingbird
public import NIOCore

/// The request context of the gateway: Hummingbird's core storage, the socket peer, and the client as every
/// address-dependent decision sees it (set by ``ClientAddressMiddleware`` from the peer and, behind a trusted proxy,
/// the forwarding headers).
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection, for the rare answer that must close it (see ``BodilessReadMiddleware``).
    let channel: any Channel
    /// The client: the peer, or the address a trusted proxy reports. Use this, never ``remoteAddress``, for
    /// decisions and records.
    public internal(set) var client: ClientAddress

    /// Every JSON answer is encoded by ``GatewayJSONEncoder``.
    public var responseEncoder: GatewayJSONEncoder { GatewayJSONEncoder() }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
        client = ClientAddress(address: remoteAddress?.ipAddress.flatMap { IPAddress($0) }, viaProxy: false)
    }
}
