import Access
import AssetStore
import Foundation
import HTTPRanges
import Hummingbird
import LRUCache
import NIOCore
import Transcoding

/// `/assets/{id}` and `/assets/{id}/content`: metadata and original bytes with full RFC 9110 range support.
struct AssetRoutes: Sendable {
    let services: GatewayServices
    let pipeline: ContentPipeline

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

    /// The policy decides the metadata like the bytes: a link shows what its own action may reach, a key what any
    /// use the policy allows it. Title, owner, rights and digest of an item refused are not for this caller.
    @Sendable func metadata(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let admission = try await pipeline.admit(request, context: context, assetID: try Self.validatedID(context), use: .metadata)
        let asset = admission.asset
        // Renditions the item can be played as: every profile for video, the audio profiles for audio.
        let renditions = asset.mediaKind.isTimeBased
            ? services.media.profiles.profiles.filter { asset.mediaKind == .video || !$0.isVideo }.map(\.name) : []
        var headers = HTTPFields()
        headers[.cacheControl] = "private, no-cache"
        return try AssetMetadata(asset, renditions: renditions).jsonResponse(headers: headers, request: request, context: context)
    }

    @Sendable func content(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let admission = try await pipeline.admit(request, context: context, assetID: try Self.validatedID(context), use: .original)
        let asset = admission.asset
        let original = Representation(
            length: asset.size, etag: EntityTag(opaque: asset.sha256.hex), lastModified: asset.createdAt,
            contentType: asset.contentType)
        // The original, or the reader's stamped copy (policy `stamp`). Before the quota counts anything: a store that
        // cannot give the first bytes is a 503, not a spent download.
        let (source, representation): (BlobSource, Representation)
        switch try await pipeline.content(admission, original: original, request: request, context: context, originalSource: {
            try await services.source(for: asset, request: request, representation: original)
        }) {
        case .respond(let response): return response
        case .send(let bytes, let shape): (source, representation) = (bytes, shape)
        }
        let lease = try await pipeline.limit(admission, request: request, countsAsDownload: true)
        let disposition: ContentDisposition.Kind = admission.action == .download ? .attachment : .inline
        return pipeline.serve(
            admission, lease: lease, request: request, source: source, representation: representation,
            contentDisposition: ContentDisposition.value(disposition, fileName: asset.originalFileName))
    }
}
