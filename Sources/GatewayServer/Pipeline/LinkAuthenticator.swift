import Access
import Foundation
import Hummingbird
import NIOCore

/// Establishes who is asking for an asset: `Authorization: Bearer` keys first, then signed links.
struct LinkAuthenticator: Sendable {
    let verifier: LinkVerifier
    let apiKeys: any APIKeyStore

    init(keyRing: KeyRing, apiKeys: any APIKeyStore) {
        verifier = LinkVerifier(keys: { keyRing.key(id: $0) })
        self.apiKeys = apiKeys
    }

    /// A bearer key's identity, nil without an Authorization header, 401 for a bad key.
    func keyIdentity(_ request: Request) async throws -> Identity? {
        guard let header = request.headers[.authorization] else { return nil }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw GatewayError(AccessError.malformedCredentials)
        }
        guard let key = try await apiKeys.authenticate(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw GatewayError(AccessError.invalidKey)
        }
        switch key.kind {
        case .admin: return .admin(keyID: key.id)
        case .library: return .library(key.library ?? "", keyID: key.id)
        }
    }

    /// The identity of a request for `assetID`: a bearer key, or the signed link in the query.
    func identify(_ request: Request, context: GatewayRequestContext, assetID: String) async throws -> Identity {
        if let identity = try await keyIdentity(request) { return identity }
        return .patron(try authenticate(request, context: context, assetID: assetID))
    }

    /// An administrator's key, or 401/403.
    func requireAdmin(_ request: Request) async throws -> String {
        guard let identity = try await keyIdentity(request) else { throw GatewayError(AccessError.credentialsMissingForAdmin) }
        guard case .admin(let keyID) = identity else {
            throw GatewayError(.forbidden, code: "admin_only", message: "This address is for administrators.")
        }
        return keyID
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
    /// The client's address (see ``client``): the peer, or the address a trusted proxy reports.
    var clientAddress: IPAddress? { client.address }
}
