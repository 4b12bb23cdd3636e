import Access
import AssetStore
import Foundation
import HTTPRanges
import Hummingbird
import NIOCore
import Transcoding

/// `/assets/{id}` and `/assets/{id}/content`: metadata and original bytes with full RFC 9110 range support.
struct AssetRoutes: Sendable {
    let services: GatewayServices
    let authenticator: LinkAuthenticator

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/assets/:id", use: metadata)
        router.get("/assets/:id/content", use: content)
        router.head("/assets/:id/content", use: content)
    }

    /// The `{id}` path parameter, or 400 when it is not shaped like an id (`..`, `/`, NUL, very long …).
    static func validatedID(_ context: GatewayRequestContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard AssetID.isWellFormed(id) else {
            throw GatewayError.badRequest("invalid_asset_id", "An item id has only letters, digits, '-' and '_' (at most 64).")
        }
        return id
    }

    /// The catalog entry for `id`, or 404.
    func resolveAsset(_ id: String) async throws -> Asset {
        guard let asset = try await services.asset(id: id) else { throw GatewayError.notFound() }
        return asset
    }

    @Sendable func metadata(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try Self.validatedID(context)
        // Authenticate before the lookup, so unknown and forbidden ids cannot be told apart by strangers.
        let identity = try await authenticator.identify(request, context: context, assetID: id)
        let asset = try await resolveAsset(id)
        // The policy decides the metadata like the bytes: a link shows what its own action may reach, a key what any
        // use the policy allows it. Title, owner, rights and digest of an item refused are not for this caller.
        let actions: [PolicyAction] = if case .patron(let link) = identity { [PolicyAction(link.action)] } else { PolicyAction.allCases }
        let decisions = actions.map {
            services.policies.engine.decide(
                PolicyGate.request(subject: identity.policySubject, action: $0, asset: asset, client: context.clientAddress))
        }
        guard decisions.contains(where: \.allowed) else {
            services.metrics.recordDenial(reason: decisions[0].reasonCode)
            throw GatewayError(.forbidden, code: decisions[0].reasonCode,
                message: "Your library's access rules do not allow this use of the item. Ask your library for help.")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Renditions the item can be played as: every profile for video, the audio profiles for audio.
        let renditions = asset.mediaKind.isTimeBased
            ? services.media.profiles.profiles.filter { asset.mediaKind == .video || !$0.isVideo }.map(\.name) : []
        var data = try encoder.encode(AssetMetadata(asset, renditions: renditions))
        data.append(0x0a)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "private, no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func content(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try Self.validatedID(context)
        let identity = try await authenticator.identify(request, context: context, assetID: id)
        let action = identity.contentAction
        guard action != .stream else {
            throw GatewayError(.forbidden, code: "action_not_allowed",
                message: "This link allows playing the media only, not fetching the original file.")
        }
        let asset = try await resolveAsset(id)
        let decision = try PolicyGate.check(services, identity: identity, action: PolicyAction(action), asset: asset, client: context.clientAddress)
        guard let path = services.blobs.localPath(for: asset.sha256) else { throw GatewayError.notFound() }
        let lease = try await services.quotas.admit(
            services, request: request, identity: identity, action: PolicyAction(action), asset: asset, decision: decision,
            client: context.clientAddress, countsAsDownload: true)
        let disposition: ContentDisposition.Kind = action == .download ? .attachment : .inline
        let response = services.responder.respond(
            to: request, path: path,
            representation: Representation(
                length: asset.size, etag: EntityTag(opaque: asset.sha256.hex), lastModified: asset.createdAt,
                contentType: asset.contentType),
            contentDisposition: ContentDisposition.value(disposition, fileName: asset.originalFileName))
        return PolicyGate.recordServed(
            services, identity: identity, action: PolicyAction(action), asset: asset, decision: decision,
            response: response, request: request, client: context.clientAddress, lease: lease)
    }
}

/// Builds the response for a blob from the request's range and conditional headers.
struct ContentResponder: Sendable {
    let body: BlobResponseBody

    /// What to send for one request: status, headers (Content-Length included) and which bytes.
    struct Planned {
        enum Bytes {
            case none
            case text(String)
            case range(ByteRange)
            case multipart(MultipartLayout)
        }
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var bytes: Bytes
    }

    /// The response plan for a request with `conditions`, as the route and the sendfile fast path both send it.
    static func plan(conditions: ConditionalHeaders, isHead: Bool, representation: Representation, contentDisposition: String)
        -> Planned
    {
        // Only a Range header listing several ranges can need a boundary: skip the random draw (two getrandom
        // calls) for every other request.
        let mayBeMultipart = conditions.range?.contains(",") ?? false
        let plan = ResponsePlanner.plan(
            isHead: isHead, headers: conditions, representation: representation,
            boundary: mayBeMultipart ? Self.makeBoundary() : "gwsingle")
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = representation.etag.headerValue
        if let lastModified = representation.lastModified { headers[.lastModified] = HTTPDate.format(lastModified) }
        headers[.cacheControl] = "private"
        headers[.init("X-Content-Type-Options")!] = "nosniff"

        func finish(_ status: HTTPResponse.Status, length: Int64, _ bytes: Planned.Bytes) -> Planned {
            headers[.contentLength] = String(length)
            return Planned(status: status, headers: headers, bytes: isHead ? .none : bytes)
        }

        switch plan {
        case .notModified:
            return Planned(status: .notModified, headers: headers, bytes: .none)
        case .preconditionFailed:
            headers[.contentType] = "application/json; charset=utf-8"
            let body = #"{"error":{"code":"precondition_failed","message":"The item has changed since you last fetched it."}}"# + "\n"
            return finish(.preconditionFailed, length: Int64(body.utf8.count), .text(body))
        case .rangeNotSatisfiable:
            headers[.contentRange] = "bytes */\(representation.length)"
            headers[.contentType] = "application/json; charset=utf-8"
            let body = #"{"error":{"code":"range_not_satisfiable","message":"The requested byte range lies outside the item (\#(representation.length) bytes)."}}"# + "\n"
            return finish(.rangeNotSatisfiable, length: Int64(body.utf8.count), .text(body))
        case .full:
            headers[.contentType] = representation.contentType
            headers[.contentDisposition] = contentDisposition
            guard representation.length > 0 else { return finish(.ok, length: 0, .none) }
            return finish(.ok, length: representation.length, .range(ByteRange(first: 0, last: representation.length - 1)))
        case .partial(let range):
            headers[.contentType] = representation.contentType
            headers[.contentDisposition] = contentDisposition
            headers[.contentRange] = range.contentRange(totalLength: representation.length)
            return finish(.partialContent, length: range.count, .range(range))
        case .multipart(let layout):
            headers[.contentType] = layout.contentType
            headers[.contentDisposition] = contentDisposition
            return finish(.partialContent, length: layout.contentLength, .multipart(layout))
        }
    }

    func respond(to request: Request, path: String, representation: Representation, contentDisposition: String)
        -> Response
    {
        let conditions = ConditionalHeaders(
            range: request.headers[.range], ifRange: request.headers[.ifRange], ifMatch: request.headers[.ifMatch],
            ifNoneMatch: request.headers[.ifNoneMatch], ifModifiedSince: request.headers[.ifModifiedSince],
            ifUnmodifiedSince: request.headers[.ifUnmodifiedSince])
        let planned = Self.plan(
            conditions: conditions, isHead: request.method == .head, representation: representation,
            contentDisposition: contentDisposition)
        let responseBody: ResponseBody
        switch planned.bytes {
        case .none: responseBody = ResponseBody()
        case .text(let text): responseBody = ResponseBody(byteBuffer: ByteBuffer(string: text))
        case .range(let range): responseBody = body.range(path: path, length: representation.length, range: range)
        case .multipart(let layout): responseBody = body.multipart(path: path, layout: layout)
        }
        return Response(status: planned.status, headers: planned.headers, body: responseBody)
    }

    /// A random multipart boundary (never found in content with any meaningful probability), always
    /// ``boundaryLength`` characters: the boundary appears in the body once per part, so a boundary whose length
    /// varied would make a HEAD's `Content-Length` disagree with the GET that follows it.
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        var boundary = "gw"
        boundary.reserveCapacity(boundaryLength)
        for _ in 0..<2 {
            let word = String(generator.next() as UInt64, radix: 16)
            boundary += String(repeating: "0", count: 16 - word.count) + word
        }
        return boundary
    }

    /// The length of every boundary ``makeBoundary()`` makes: "gw" and 32 hexadecimal digits.
    static let boundaryLength = 34
}
