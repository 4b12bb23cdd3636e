import Access
import HTTPTypes
import Hummingbird

/// Settles who the client is, once per request, before any route runs: the socket peer, or, when the peer is one
/// of the `trusted_proxies`, the address it reports in `Forwarded` or `X-Forwarded-For` (see ``TrustedProxies``).
struct ClientAddressMiddleware: RouterMiddleware {
    let trustedProxies: TrustedProxies

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let forwarded = request.headers[values: .forwarded]
        let xForwardedFor = request.headers[values: .xForwardedFor]
        guard !forwarded.isEmpty || !xForwardedFor.isEmpty else { return try await next(request, context) }
        var context = context
        context.client = trustedProxies.client(peer: context.client.address, forwarded: forwarded, xForwardedFor: xForwardedFor)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// RFC 7239.
    static let forwarded = Self("Forwarded")!
    /// The de-facto header every reverse proxy can write (nginx: `$proxy_add_x_forwarded_for`).
    static let xForwardedFor = Self("X-Forwarded-For")!
}
