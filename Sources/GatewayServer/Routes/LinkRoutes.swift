import Access
import AssetStore
import Foundation
import Hummingbird
import NIOCore

/// `POST /links`: a member library (or an administrator naming the library) mints a signed patron link
/// `{asset, subject, action, ttl, ip?, library?}` → `{url, expires_at}`, for systems that do not sign links themselves.
struct LinkRoutes: Sendable {
    let services: GatewayServices
    let authenticator: LinkAuthenticator
    /// The longest lifetime a minted link may have: one year.
    static let maximumTTL: Int64 = 366 * 86_400

    struct MintRequest: Decodable {
        var asset: String
        var subject: String
        var action: LinkAction
        var ttl: Int64
        var ip: String?
        var library: String?
    }

    func register(on router: Router<GatewayRequestContext>) {
        router.post("/links", use: mint)
    }

    @Sendable func mint(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard let identity = try await authenticator.keyIdentity(request) else {
            throw GatewayError(AccessError.credentialsMissingForAdmin)
        }
        let body: MintRequest = try await JSONBody.decode(request, shape: #"{"asset": ID, "subject": …, "action": "read"|"download"|"stream", "ttl": SECONDS, "ip"?}"#)
        let library: String
        switch identity {
        case .library(let own, _):
            guard body.library == nil || body.library == own else {
                throw GatewayError(.forbidden, code: "other_library", message: "A library key mints links for its own library only.")
            }
            library = own
        case .admin:
            guard let named = body.library, AssetIngestor.isValidName(named) else {
                throw GatewayError.badRequest("library_required", "An administrator names the library the link is for ('library').")
            }
            library = named
        case .patron, .delivery:
            throw GatewayError(.forbidden, code: "library_key_required", message: "Links are minted with a library or admin key.")
        }
        guard !body.subject.isEmpty, body.subject.count <= 200, !body.subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw GatewayError.badRequest("invalid_subject", "'subject' is the patron's id: 1–200 characters, no control characters.")
        }
        guard (1...Self.maximumTTL).contains(body.ttl) else {
            throw GatewayError.badRequest("invalid_ttl", "'ttl' is the link's lifetime in seconds, 1 to \(Self.maximumTTL).")
        }
        if let ip = body.ip, NetworkRange(ip) == nil {
            throw GatewayError.badRequest("invalid_ip", "'ip' must be an address or a CIDR block such as 10.12.0.0/16.")
        }
        guard AssetID.isWellFormed(body.asset) else {
            throw GatewayError.badRequest("invalid_asset_id", "An item id has only letters, digits, '-' and '_' (at most 64).")
        }
        guard let asset = try await services.asset(id: body.asset) else { throw GatewayError.notFound() }
        let minted: (url: String, expires: Int64)
        do {
            minted = try await LinkMinter(services: services).mint(
                asset: asset, subject: body.subject, library: library, action: body.action, ttlSeconds: body.ttl,
                boundNetwork: body.ip)
        } catch let error as ConfigurationError {
            throw GatewayError(.unprocessableContent, code: "no_signing_key", message: error.description)
        }
        return try MintedLinkBody(url: minted.url, expiresAt: Date(timeIntervalSince1970: TimeInterval(minted.expires)))
            .jsonResponse(request: request, context: context)
    }
}
