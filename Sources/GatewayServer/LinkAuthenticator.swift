import Access
import Foundation
import Hummingbird
import NIOCore

/// Establishes who is asking for an asset. Today: signed links; member-library and admin keys join here.
struct LinkAuthenticator: Sendable {
    let verifier: LinkVerifier

    init(keyRing: KeyRing) {
        verifier = LinkVerifier(keys: { keyRing.key(id: $0) })
    }

    /// Verifies the signed link in `request`'s query for `assetID`.
    func authenticate(_ request: Request, context: GatewayRequestContext, assetID: String) throws -> SignedLink {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        do {
            return try verifier.verify(
                assetID: assetID, query: query, clientAddress: context.clientAddress,
                now: Int64(Date().timeIntervalSince1970))
        } catch {
            throw GatewayError(error)
        }
    }
}

extension GatewayRequestContext {
    /// The peer's address as an ``IPAddress``.
    var clientAddress: IPAddress? {
        guard let text = remoteAddress?.ipAddress else { return nil }
        return IPAddress(text)
    }
}
