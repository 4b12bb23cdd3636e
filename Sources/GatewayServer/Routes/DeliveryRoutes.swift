import Access
import AssetStore
import Audit
import Delivery
import Foundation
import Hummingbird
import NIOCore

/// The partner API of interlibrary delivery: `POST /deliveries`, `GET /deliveries`, `GET` and `DELETE
/// /deliveries/{id}`. Member libraries use their bearer key and see only their own deliveries; administrators see all.
struct DeliveryRoutes: Sendable {
    let services: GatewayServices
    let pipeline: ContentPipeline
    var authenticator: LinkAuthenticator { pipeline.authenticator }

    func register(on router: Router<GatewayRequestContext>) {
        router.post("/deliveries", use: create)
        router.get("/deliveries", use: list)
        router.get("/deliveries/:id", use: show)
        router.delete("/deliveries/:id", use: revoke)
    }

    /// The body of `POST /deliveries`.
    struct CreateRequest: Decodable {
        struct PatronBody: Decodable {
            var id: String
            var name: String?
            var email: String?
        }
        var asset: String
        var patron: PatronBody
        var note: String?
        var ttlDays: Int?
        var maxDownloads: Int?

        enum CodingKeys: String, CodingKey {
            case asset, patron, note
            case ttlDays = "ttl_days"
            case maxDownloads = "max_downloads"
        }
    }

    /// Who may use the delivery API: a library key (its own deliveries) or an admin key (all, nil).
    func caller(_ request: Request) async throws -> (identity: Identity, library: String?) {
        guard let identity = try await authenticator.keyIdentity(request) else {
            throw GatewayError(AccessError.credentialsMissingForAdmin)
        }
        switch identity {
        case .library(let library, _): return (identity, library)
        case .admin: return (identity, nil)
        case .patron, .delivery:
            throw GatewayError(.forbidden, code: "library_key_required", message: "Deliveries are made with a member library's key.")
        }
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (identity, library) = try await caller(request)
        guard let library else {
            throw GatewayError(.forbidden, code: "library_key_required",
                message: "Deliveries are made with a member library's key; administrators can list and revoke them.")
        }
        let body: CreateRequest = try await JSONBody.decode(
            request, shape: #"{"asset": ID, "patron": {"id": …, "name"?, "email"?}, "note"?, "ttl_days"?, "max_downloads"?}"#)
        guard AssetID.isWellFormed(body.asset) else {
            throw GatewayError.badRequest("invalid_asset_id", "An item id has only letters, digits, '-' and '_' (at most 64).")
        }
        guard let asset = try await services.asset(id: body.asset) else {
            throw GatewayError.notFound("No item '\(body.asset)'. Check the id in the catalog.")
        }
        let admission = try pipeline.authorize(identity, asset: asset, use: .deliver, request: request, client: context.clientAddress)
        let decision = admission.decision
        if asset.mediaKind == .pdf, !decision.limits.stamp.isEmpty {
            // The policy wants the patron's copy stamped: a PDF that cannot be stamped is refused now, to the library.
            try await services.previewStampedDelivery(
                assetID: asset.id, library: library, patronID: body.patron.id, patronName: body.patron.name,
                ttlDays: body.ttlDays ?? decision.limits.deliveryTTLDays ?? DeliveryLimits.defaultTTLDays,
                maxDownloads: body.maxDownloads ?? decision.limits.deliveryMaxDownloads ?? DeliveryLimits.defaultMaxDownloads,
                stamp: decision.limits.stamp)
        }
        let created: CreatedDelivery
        do {
            created = try await services.deliveries.create(
                NewDelivery(
                    library: library, assetID: asset.id,
                    patron: Patron(id: body.patron.id, name: body.patron.name, email: body.patron.email),
                    note: body.note, ttlDays: body.ttlDays, maxDownloads: body.maxDownloads),
                caps: DeliveryCaps(maxTTLDays: decision.limits.deliveryTTLDays, maxDownloads: decision.limits.deliveryMaxDownloads))
        } catch let error as DeliveryError {
            throw GatewayError(error.isForbiddenByPolicy ? .forbidden : .badRequest, code: error.code, message: error.message)
        }
        if asset.mediaKind == .pdf, !decision.limits.stamp.isEmpty {
            // The patron's own copy, made while the library sends the link.
            let services = self.services, delivery = created.delivery, stamp = decision.limits.stamp
            Task.detached {
                _ = try? await services.stamps.copy(asset, stamp: stamp, reader: StampReader(delivery, libraries: services.libraries), owner: nil)
            }
        }
        pipeline.record(identity: identity, action: .deliver, asset: asset, decision: decision, status: 201,
            bytes: 0, client: context.clientAddress, userAgent: request.headers[.userAgent])
        var answer = DeliveryStatusBody(created.delivery, asset: asset, now: Date())
        answer.link = services.linkBaseURL + created.linkPath
        answer.ttlDays = created.ttlDays
        answer.capped = ["ttl_days": created.ttlDaysCapped, "max_downloads": created.maxDownloadsCapped]
        var headers = HTTPFields()
        headers[.location] = "/deliveries/\(created.id)"
        return try answer.jsonResponse(status: .created, headers: headers, request: request, context: context)
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (_, library) = try await caller(request)
        let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100
        let deliveries = try await services.deliveries.list(library: library, limit: limit)
        let now = Date()
        var items = [DeliveryStatusBody]()
        for delivery in deliveries {
            items.append(DeliveryStatusBody(delivery, asset: try await services.asset(id: delivery.assetID), now: now))
        }
        return try DeliveryListBody(deliveries: items).jsonResponse(request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (_, library) = try await caller(request)
        // Another library's delivery is answered like an unknown one: ids reveal nothing.
        guard let delivery = try await services.deliveries.delivery(id: context.parameters.get("id") ?? "", library: library) else {
            throw GatewayError.notFound("No delivery with this id for your library.")
        }
        return try DeliveryStatusBody(delivery, asset: try await services.asset(id: delivery.assetID), now: Date())
            .jsonResponse(request: request, context: context)
    }

    @Sendable func revoke(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (_, library) = try await caller(request)
        guard let delivery = try await services.deliveries.revoke(id: context.parameters.get("id") ?? "", library: library) else {
            throw GatewayError.notFound("No delivery with this id for your library.")
        }
        services.deliveryWindows.forget(deliveryID: delivery.id)
        return try DeliveryStatusBody(delivery, asset: try await services.asset(id: delivery.assetID), now: Date())
            .jsonResponse(request: request, context: context)
    }
}
