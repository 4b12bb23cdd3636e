import Access
import AssetStore
import Delivery
import Foundation
import HTTPRanges
import Hummingbird
import LRUCache
import NIOCore

/// What a patron holding a delivery link reaches: `GET /d/{token}` (the landing page, Chinese by default, English
/// by `Accept-Language` or `?lang=en`) and `GET, HEAD /d/{token}/content` (the bytes, Range-capable). The token is
/// the only credential.
///
/// Revocation through `DELETE /deliveries/{id}` on this node takes effect at once; through another process
/// (`gateway deliveries revoke`, another node) within two ``DeliveryWindows/rowLifetime``s (two seconds: a row is
/// reused for a second, and a connection re-checks what it remembers every second).
///
/// Counting: the landing page counts nothing; each request for the bytes goes through
/// ``DeliveryStore/recordAccess(token:client:now:)`` — one download per client address per delivery per hour — so
/// a PDF viewer's or a player's many range requests are one download.
struct PatronDeliveryRoutes: Sendable {
    let services: GatewayServices
    let pipeline: ContentPipeline

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/d/:token", use: landing)
        router.get("/d/:token/content", use: content)
        router.head("/d/:token/content", use: content)
    }

    func language(_ request: Request) -> PageLanguage {
        PageLanguage.negotiate(
            acceptLanguage: request.headers[.acceptLanguage], choice: request.uri.queryParameters["lang"].map(String.init))
    }

    /// An HTML page with `status`; never cached, never framed by other sites, never sending the token onwards.
    func page(_ html: String, status: HTTPResponse.Status, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Content-Security-Policy")!] = LandingPage.contentSecurityPolicy + "; frame-ancestors 'self'"
        let buffer = ByteBuffer(string: html)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: buffer))
    }

    /// The page explaining why a link no longer works (410), or that there is no such link (404).
    func gone(_ reason: GonePage.Reason, delivery: Delivery?, request: Request) -> Response {
        let library = delivery.map { services.libraries.library(id: $0.library) }
        return page(
            GonePage.render(reason: reason, library: library, language: language(request)),
            status: reason.httpStatus == 404 ? .notFound : .gone, request: request)
    }

    @Sendable func landing(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let delivery = try await services.deliveries.delivery(token: token) else {
            return gone(.notFound, delivery: nil, request: request)
        }
        let now = Date()
        let client = context.client.description
        switch delivery.state(at: now) {
        case .revoked: return gone(.revoked, delivery: delivery, request: request)
        case .expired: return gone(.expired, delivery: delivery, request: request)
        case .exhausted:
            // A patron still inside their last download's hour may go on reading it.
            guard try await services.deliveries.hasOpenWindow(deliveryID: delivery.id, client: client, now: now) else {
                return gone(.exhausted, delivery: delivery, request: request)
            }
        case .active: break
        }
        guard let asset = try await services.asset(id: delivery.assetID) else { return gone(.notFound, delivery: delivery, request: request) }
        let base = "/d/\(token)/content"
        let view = LandingPageView(
            title: asset.title, owningLibrary: services.libraries.library(id: asset.ownerLibrary),
            deliveringLibrary: services.libraries.library(id: delivery.library),
            mediaKind: LandingPageView.MediaKind(catalogKind: asset.mediaKind.rawValue), contentType: asset.contentType,
            fileName: asset.originalFileName, size: asset.size, expiresAt: delivery.expiresAt,
            downloadsLeft: delivery.downloadsLeft, maxDownloads: delivery.maxDownloads, contentURL: base,
            downloadURL: base + "?download=1", timeZone: services.configuration.reportTimeZone)
        return page(LandingPage.render(view, language: language(request)), status: .ok, request: request)
    }

    @Sendable func content(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let wantsPage = (request.headers[.accept] ?? "").contains("text/html")
        func refuse(_ reason: GonePage.Reason, _ delivery: Delivery?) throws -> Response {
            // A browser following the download button gets the explaining page; programs get JSON.
            if wantsPage { return gone(reason, delivery: delivery, request: request) }
            if reason == .notFound { throw GatewayError.notFound("No such delivery link. Ask the library that sent it.") }
            throw GatewayError(.gone, code: "delivery_\(reason.rawValue)",
                message: "This delivery link no longer works (\(reason.rawValue)). Ask the library that sent it for a new one.")
        }
        let now = Date()
        let deliveries = services.deliveries
        guard let found = try await services.deliveryWindows.delivery(token: token, now: now, load: { try await deliveries.delivery(token: $0) })
        else { return try refuse(.notFound, nil) }
        let client = context.client.description
        var delivery = found
        var prepared: (Asset, BlobSource)?
        switch found.state(at: now) {
        case .revoked: return try refuse(.revoked, found)
        case .expired: return try refuse(.expired, found)
        case .active, .exhausted:
            if found.state(at: now) == .active, let asset = try await services.asset(id: found.assetID) {
                // Before the download is counted: a store that cannot give the first bytes is a 503, not a spent
                // download.
                prepared = (asset, try await services.source(for: asset, request: request, representation: Self.representation(asset)))
            }
            // HEAD sends no bytes and counts nothing; inside a window known to this node no write is needed.
            if request.method != .head, !services.deliveryWindows.isOpen(deliveryID: found.id, client: client, now: now) {
                let outcome = try await services.deliveries.recordAccess(token: token, client: client, now: now)
                switch outcome {
                case .counted(let counted):
                    delivery = counted
                    services.deliveryWindows.remember(
                        deliveryID: found.id, client: client,
                        closes: now.addingTimeInterval(TimeInterval(DeliveryLimits.downloadWindowSeconds)), now: now)
                case .continuing(let continuing):
                    delivery = continuing
                    services.deliveryWindows.remember(
                        deliveryID: found.id, client: client, closes: now.addingTimeInterval(DeliveryWindows.touchInterval), now: now)
                case .exhausted(let refused): return try refuse(.exhausted, refused)
                case .expired(let refused): return try refuse(.expired, refused)
                case .revoked(let refused): return try refuse(.revoked, refused)
                case .notFound: return try refuse(.notFound, nil)
                }
            }
        }
        guard let asset = try await services.asset(id: delivery.assetID) else { return try refuse(.notFound, delivery) }
        // The policy still decides: a rule changed since the delivery was made (an embargo, say) applies at once.
        let admission = try pipeline.authorize(
            .delivery(id: delivery.id, library: delivery.library), asset: asset, use: .delivered, request: request,
            client: context.clientAddress)
        // The original, or the patron's stamped copy (policy `stamp`): the original never leaves through a delivery
        // that asks for one.
        let original = Self.representation(asset)
        let (source, representation): (BlobSource, Representation)
        switch try await pipeline.content(admission, delivery: delivery, original: original, request: request, context: context, originalSource: {
            if let prepared, prepared.0.id == asset.id { return prepared.1 }
            return try await services.source(for: asset, request: request, representation: original)
        }) {
        case .respond(let response): return response
        case .send(let bytes, let shape): (source, representation) = (bytes, shape)
        }
        let lease = try await pipeline.limit(admission, request: request, countsAsDownload: false)
        let attachment = request.uri.queryParameters["download"] == "1"
        return pipeline.serve(
            admission, lease: lease, request: request, source: source, representation: representation,
            contentDisposition: ContentDisposition.value(attachment ? .attachment : .inline, fileName: asset.originalFileName))
    }

    /// What a delivered item's bytes are, for ranges and conditional requests.
    static func representation(_ asset: Asset) -> Representation {
        Representation(
            length: asset.size, etag: EntityTag(opaque: asset.sha256.hex), lastModified: asset.createdAt,
            contentType: asset.contentType)
    }
}
