import Access
import AssetStore
import Foundation
import HTTPRanges
import Hummingbird
import LRUCache
import Logging
import NIOCore
import Transcoding

/// Renditions and HLS: `/assets/{id}/renditions/{profile}` and `/assets/{id}/hls/{profile}/…`, transcoded on demand
/// and kept in the cache's disk tier.
struct MediaRoutes: Sendable {
    let services: GatewayServices
    let media: MediaServices
    let authenticator: LinkAuthenticator

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/assets/:id/renditions/:profile", use: rendition)
        router.head("/assets/:id/renditions/:profile", use: rendition)
        router.get("/assets/:id/hls/:profile/index.m3u8", use: playlist)
        router.get("/assets/:id/hls/:profile/:segment", use: segment)
    }

    /// Who may play: `stream` and `download` links (a `read` link opens the original only).
    func authorize(_ request: Request, _ context: GatewayRequestContext) async throws
        -> (Identity, Asset, TranscodeProfile, String, PolicyDecision)
    {
        let id = try AssetRoutes.validatedID(context)
        let identity = try await authenticator.identify(request, context: context, assetID: id)
        guard identity.contentAction != .read else {
            throw GatewayError(.forbidden, code: "action_not_allowed", message: "This link opens the document only; ask for a playback link.")
        }
        guard let asset = try await services.asset(id: id) else { throw GatewayError.notFound() }
        // Playing is the `stream` action whatever the link (a download link may also play).
        let decision = try PolicyGate.check(services, identity: identity, action: .stream, asset: asset, client: context.clientAddress)
        let name = context.parameters.get("profile") ?? ""
        guard let profile = media.profiles[name] else {
            throw GatewayError(.notFound, code: "unknown_profile",
                message: "No transcode profile '\(name)'. Known: \(media.profiles.names.joined(separator: ", ")).")
        }
        guard asset.mediaKind.isTimeBased else {
            throw GatewayError(.unprocessableContent, code: "not_media", message: "This item is not audio or video, so it has no renditions.")
        }
        guard let path = services.blobs.localPath(for: asset.sha256) else { throw GatewayError.notFound() }
        return (identity, asset, profile, path, decision)
    }

    // MARK: renditions

    @Sendable func rendition(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (identity, asset, profile, source, decision) = try await authorize(request, context)
        let key = MediaServices.renditionKey(digest: asset.sha256.hex, profile: profile.name)
        if let entry = await media.cached(key) {
            let info = try? await media.probe(path: source, digest: asset.sha256.hex)
            let hasVideo = profile.isVideo && info?.video != nil
            let stem = asset.originalFileName.split(separator: ".").dropLast().joined(separator: ".")
            let name = (stem.isEmpty ? asset.originalFileName : stem) + "." + profile.container.fileExtension
            let lease = try await services.quotas.admit(
                services, request: request, identity: identity, action: .stream, asset: asset, decision: decision,
                client: context.clientAddress, countsAsDownload: true)
            let response = services.responder.respond(
                to: request, path: entry.path,
                representation: Representation(
                    length: Int64(entry.size), etag: EntityTag(opaque: entry.checksum), lastModified: nil,
                    contentType: profile.container.mimeType(hasVideo: hasVideo)),
                contentDisposition: ContentDisposition.value(identity.contentAction == .download ? .attachment : .inline, fileName: name))
            return PolicyGate.recordServed(
                services, identity: identity, action: .stream, asset: asset, decision: decision, response: response,
                request: request, client: context.clientAddress, lease: lease)
        }
        if let message = media.failures.failure(key) { throw unprocessable(message) }
        if let progress = media.queue.progress(key: key) { return accepted(progress.fraction, eta: progress.etaSeconds) }
        guard media.queue.activeJobs < media.queue.concurrency + media.queue.queueLimit else { throw overloaded() }
        // The job outlives this request: the patron polls until the rendition is ready.
        let media = self.media, logger = services.logger
        Task.detached {
            do {
                _ = try await media.produce(key: key, fileExtension: profile.container.fileExtension) { work, job in
                    try RenditionMaker.make(
                        source: source, profile: profile, destinationPath: work, progress: { job.report(fraction: $0) },
                        isCancelled: { job.isCancelled })
                }
            } catch let error as TranscodeError where error.isUnprocessableMedia {
                media.failures.record(key, error.message)
            } catch {
                logger.error("rendition failed", metadata: ["key": "\(key)", "error": "\(error)"])
                media.failures.record(key, "\(error)")
            }
        }
        return accepted(0, eta: nil)
    }

    func accepted(_ fraction: Double, eta: Double?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.retryAfter] = "2"
        let percent = Int((fraction * 100).rounded(.down))
        let etaText = eta.map { String(Int($0.rounded(.up))) } ?? "null"
        let body = #"{"status":"processing","percent":\#(percent),"eta_seconds":\#(etaText)}"# + "\n"
        return Response(status: .accepted, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func unprocessable(_ message: String) -> GatewayError {
        GatewayError(.unprocessableContent, code: "bad_media", message: "The media file cannot be transcoded: \(message)")
    }

    func overloaded() -> GatewayError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(media.queue.retryAfterSeconds)
        return GatewayError(.serviceUnavailable, code: "overloaded", message: "The gateway is busy transcoding. Try again shortly.", headers: headers)
    }

    // MARK: HLS

    @Sendable func playlist(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (_, asset, profile, source, _) = try await authorize(request, context)
        let seconds = try Self.segmentSeconds(profile)
        let info = try await probe(source, asset)
        // Segment URIs carry the caller's credentials, so a player needs only the playlist link.
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let text = HLSPlaylist.make(duration: info.durationSeconds, segmentSeconds: seconds) { "\($0).ts\(query)" }
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.apple.mpegurl"
        headers[.cacheControl] = "private"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The profile's HLS segment length, or 404 for profiles not offered as HLS.
    static func segmentSeconds(_ profile: TranscodeProfile) throws -> Int {
        guard let seconds = profile.hlsSegmentSeconds, seconds > 0 else {
            throw GatewayError(.notFound, code: "no_hls", message: "Profile '\(profile.name)' is not offered as HLS.")
        }
        return seconds
    }

    func probe(_ source: String, _ asset: Asset) async throws -> MediaInfo {
        do {
            return try await media.probe(path: source, digest: asset.sha256.hex)
        } catch let error as TranscodeError {
            throw unprocessable(error.message)
        }
    }

    @Sendable func segment(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (identity, asset, profile, source, decision) = try await authorize(request, context)
        let name = context.parameters.get("segment") ?? ""
        guard name.hasSuffix(".ts"), let index = Int(name.dropLast(3)), index >= 0, String(index) + ".ts" == name else {
            throw GatewayError.notFound("No such segment. Segments are named 0.ts, 1.ts, …")
        }
        let info = try await probe(source, asset)
        let seconds = try Self.segmentSeconds(profile)
        let count = HLSPlaylist.segmentCount(duration: info.durationSeconds, segmentSeconds: seconds)
        guard index < count else { throw GatewayError.notFound("No such segment: the item has \(count).") }
        let entry: DiskCacheEntry
        if let cached = await media.cached(segmentKey(asset, profile, index)) {
            entry = cached
        } else {
            guard media.queue.activeJobs < media.queue.concurrency + media.queue.queueLimit else { throw overloaded() }
            do {
                // A player that hangs up cancels the job, unless another player waits for the same segment.
                entry = try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await makeSegment(asset, profile, index, source)
                }
            } catch let error as TranscodeError {
                if error.isUnprocessableMedia { throw unprocessable(error.message) }
                if error.code == .overloaded { throw overloaded() }
                throw error
            }
        }
        prefetch(asset, profile, after: index, count: count, source: source)
        let lease = try await services.quotas.admit(
            services, request: request, identity: identity, action: .stream, asset: asset, decision: decision,
            client: context.clientAddress, countsAsDownload: false)
        let response = services.responder.respond(
            to: request, path: entry.path,
            representation: Representation(length: Int64(entry.size), etag: EntityTag(opaque: entry.checksum), lastModified: nil, contentType: "video/mp2t"),
            contentDisposition: "inline")
        return PolicyGate.recordServed(
            services, identity: identity, action: .stream, asset: asset, decision: decision, response: response,
            request: request, client: context.clientAddress, lease: lease)
    }

    func segmentKey(_ asset: Asset, _ profile: TranscodeProfile, _ index: Int) -> String {
        "hls-\(asset.sha256.hex)-\(profile.name)-\(index)"
    }

    func makeSegment(_ asset: Asset, _ profile: TranscodeProfile, _ index: Int, _ source: String) async throws -> DiskCacheEntry {
        try await media.produce(key: segmentKey(asset, profile, index), fileExtension: "ts") { work, job in
            try SegmentMaker.make(
                source: source, profile: profile, index: index, segmentSeconds: profile.hlsSegmentSeconds ?? 4,
                destinationPath: work, isCancelled: { job.isCancelled })
        }
    }

    /// Makes the next two segments while the player plays this one — only with idle transcoders, so prefetching
    /// never makes a real request wait or see 503.
    func prefetch(_ asset: Asset, _ profile: TranscodeProfile, after index: Int, count: Int, source: String) {
        let routes = self
        Task.detached {
            for next in (index + 1)...(index + 2) where next < count {
                guard routes.media.queue.activeJobs < routes.media.queue.concurrency else { return }
                if await routes.media.cached(routes.segmentKey(asset, profile, next)) != nil { continue }
                _ = try? await routes.makeSegment(asset, profile, next, source)
            }
        }
    }
}
