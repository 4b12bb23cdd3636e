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
/// in worker processes and kept in the cache's disk tier.
///
/// Work is started only for a request the policy and the quotas admit, at most `transcode_jobs_per_subject` jobs per
/// subject and `transcode_jobs_per_library` per library (429 beyond), and never beyond the queue (503 with
/// `Retry-After`; an overload says nothing about the media and is never remembered as a failure). A rendition job
/// nobody has polled for `rendition_poll_timeout_seconds` is cancelled; a segment job stops when its player hangs up
/// (prefetches of a playing stream excepted).
struct MediaRoutes: Sendable {
    let services: GatewayServices
    let media: MediaServices
    let pipeline: ContentPipeline

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/assets/:id/renditions/:profile", use: rendition)
        router.head("/assets/:id/renditions/:profile", use: rendition)
        router.get("/assets/:id/hls/:profile/index.m3u8", use: playlist)
        router.get("/assets/:id/hls/:profile/:segment", use: segment)
    }

    /// Who may play (the pipeline's `play` use: `stream` and `download` links and keys; a `read` link opens the
    /// original only), which profile, and the source file.
    func authorize(_ request: Request, _ context: GatewayRequestContext) async throws
        -> (ContentPipeline.Admission, TranscodeProfile, String)
    {
        let admission = try await pipeline.admit(request, context: context, assetID: try AssetRoutes.validatedID(context), use: .play)
        let asset = admission.asset
        let name = context.parameters.get("profile") ?? ""
        guard let profile = media.profiles[name] else {
            throw GatewayError(.notFound, code: "unknown_profile",
                message: "No transcode profile '\(name)'. Known: \(media.profiles.names.joined(separator: ", ")).")
        }
        guard asset.mediaKind.isTimeBased else {
            throw GatewayError(.unprocessableContent, code: "not_media", message: "This item is not audio or video, so it has no renditions.")
        }
        return (admission, profile, try await services.localFile(for: asset))
    }

    /// Who a job is for, counted against the per-subject and per-library limits.
    static func owner(_ identity: Identity) -> TranscodeOwner {
        TranscodeOwner(subject: QuotaGate.subjectKey(identity), library: identity.policySubject.library)
    }

    // MARK: renditions

    @Sendable func rendition(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (admission, profile, source) = try await authorize(request, context)
        let asset = admission.asset, identity = admission.identity
        let key = MediaServices.renditionKey(digest: asset.sha256.hex, profile: profile.name)
        if let entry = await media.cached(key) {
            let info = try? await media.probe(path: source, digest: asset.sha256.hex)
            let hasVideo = profile.isVideo && info?.video != nil
            let stem = asset.originalFileName.split(separator: ".").dropLast().joined(separator: ".")
            let name = (stem.isEmpty ? asset.originalFileName : stem) + "." + profile.container.fileExtension
            let lease = try await pipeline.limit(admission, request: request, countsAsDownload: true)
            return pipeline.serve(
                admission, lease: lease, request: request, source: .file(entry.path),
                representation: Representation(
                    length: Int64(entry.size), etag: EntityTag(opaque: entry.checksum), lastModified: nil,
                    contentType: profile.container.mimeType(hasVideo: hasVideo)),
                contentDisposition: ContentDisposition.value(identity.contentAction == .download ? .attachment : .inline, fileName: name))
        }
        if let known = media.failures.failure(key) { throw mediaError(known) }
        if let progress = media.progress(key: key) {
            media.interest.touch(key)
            return try accepted(progress.fraction, eta: progress.eta, request: request, context: context)
        }
        // Refused before any work: a file that is not media or is too long, a subject at a quota.
        let info = try await probe(source, asset)
        try await pipeline.checkLimits(admission, request: request, countsAsDownload: true)
        if let refusal = await startRendition(key: key, profile: profile, source: source, info: info, owner: Self.owner(identity)) {
            throw refusal
        }
        return try accepted(0, eta: nil, request: request, context: context)
    }

    /// Starts (or joins) the rendition job for `key` in the background and returns once it is queued (nil) or refused
    /// (the error to answer with). The job outlives this request while the patron keeps polling.
    func startRendition(key: String, profile: TranscodeProfile, source: String, info: MediaInfo, owner: TranscodeOwner) async
        -> GatewayError?
    {
        let media = self.media, logger = services.logger
        let admission = JobAdmission()
        media.interest.touch(key)
        Task.detached {
            let job = Task {
                try await media.produce(
                    key: key, fileExtension: profile.container.fileExtension, owner: owner, onQueued: { admission.answer(nil) }
                ) { work, job in
                    try media.workers.rendition(
                        source: source, durationSeconds: info.durationSeconds, profile: profile.name,
                        profilesDirectory: media.profilesDirectory, destination: work,
                        progress: { job.report(fraction: $0) }, isCancelled: { job.isCancelled })
                }
            }
            // Nobody polling any more: cancel (the queue stops the job when no other request waits for it).
            let watchdog = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: min(.seconds(2), media.interest.patience / 2))
                    if !media.interest.isWanted(key) {
                        job.cancel()
                        return
                    }
                }
            }
            do {
                _ = try await job.value
            } catch let error as TranscodeError {
                if FailureLog.isRemembered(error) { media.failures.record(key, error) }
                admission.answer(error)
            } catch is CancellationError {
                admission.answer(CancellationError())
            } catch {
                logger.error("rendition failed", metadata: ["key": "\(key)", "error": "\(error)"])
                admission.answer(error)
            }
            watchdog.cancel()
            media.interest.forget(key)
        }
        guard let refusal = await admission.wait() else { return nil }
        return refusal as? GatewayError ?? (refusal as? TranscodeError).map(mediaError)
            ?? GatewayError(.internalServerError, code: "internal_error", message: "The gateway could not start the transcode.")
    }

    /// 202: the rendition is being made; poll again after `Retry-After`.
    func accepted(_ fraction: Double, eta: Double?, request: Request, context: GatewayRequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.retryAfter] = "2"
        return try ProgressBody(fraction: fraction, eta: eta).jsonResponse(status: .accepted, headers: headers, request: request, context: context)
    }

    /// The answer for a transcode error: 422 for the media's own fault, 429 for a subject's or library's job limit,
    /// 503 with `Retry-After` for an overloaded queue.
    func mediaError(_ error: TranscodeError) -> GatewayError {
        if error.isUnprocessableMedia { return unprocessable(error) }
        var headers = HTTPFields()
        headers[.retryAfter] = String(error.retryAfterSeconds ?? media.queue.retryAfterSeconds)
        switch error.code {
        case .busySubject:
            services.metrics.recordQuotaRefusal(limit: "transcode_jobs")
            return GatewayError(.tooManyRequests, code: "quota_transcode_jobs", message: error.message, headers: headers)
        case .overloaded:
            return GatewayError(.serviceUnavailable, code: "overloaded", message: "The gateway is busy transcoding. Try again shortly.", headers: headers)
        case .cancelled:
            return GatewayError(.serviceUnavailable, code: "cancelled", message: "The transcode was stopped. Try again.", headers: headers)
        case .io:
            return GatewayError(
                .serviceUnavailable, code: "transcode_io", message: "The gateway could not store the transcoded file. Try again shortly.",
                headers: headers)
        case .internalError:
            // libav failing on one file while it works on others: the file's doing.
            return GatewayError(.unprocessableContent, code: "bad_media", message: "The media file cannot be transcoded: \(error.message)")
        default:
            return GatewayError(.internalServerError, code: "transcode_failed", message: "The gateway could not transcode the item. Try again later.")
        }
    }

    func unprocessable(_ error: TranscodeError) -> GatewayError {
        if error.code == .tooLong {
            return GatewayError(.unprocessableContent, code: "media_too_long", message: "The media cannot be transcoded: \(error.message)")
        }
        return GatewayError(.unprocessableContent, code: "bad_media", message: "The media file cannot be transcoded: \(error.message)")
    }

    // MARK: HLS

    @Sendable func playlist(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (admission, profile, source) = try await authorize(request, context)
        let asset = admission.asset
        let seconds = try Self.segmentSeconds(profile)
        let key = asset.sha256.hex + "-" + profile.name
        let template: PlaylistTemplate
        if let known = media.playlists.value(forKey: key) {
            template = known
        } else {
            let info = try await probe(source, asset)
            template = PlaylistTemplate(durationSeconds: info.durationSeconds, segmentSeconds: seconds)
            media.playlists.insert(template, forKey: key)
        }
        // Segment URIs carry the caller's credentials, so a player needs only the playlist link.
        let query = request.uri.query.map { "?" + $0 } ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.apple.mpegurl"
        headers[.cacheControl] = "private"
        headers[.contentLength] = String(template.length(query: query))
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : template.body(query: query))
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
            throw mediaError(error)
        }
    }

    @Sendable func segment(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (admission, profile, source) = try await authorize(request, context)
        let asset = admission.asset, identity = admission.identity
        let name = context.parameters.get("segment") ?? ""
        guard name.hasSuffix(".ts"), name.utf8.count <= 12, let index = Int(name.dropLast(3)), index >= 0, String(index) + ".ts" == name else {
            throw GatewayError.notFound("No such segment. Segments are named 0.ts, 1.ts, …")
        }
        let info = try await probe(source, asset)
        let seconds = try Self.segmentSeconds(profile)
        let count = HLSPlaylist.segmentCount(duration: info.durationSeconds, segmentSeconds: seconds)
        guard index < count else { throw GatewayError.notFound("No such segment: the item has \(count).") }
        // The stream's slot is taken before any work, so a subject at its limit gets no transcode done.
        let lease = try await pipeline.limit(admission, request: request, countsAsDownload: false)
        let entry: DiskCacheEntry
        if let cached = await media.cached(segmentKey(asset, profile, index)) {
            entry = cached
        } else {
            do {
                // A player that hangs up cancels the job, unless another player waits for the same segment.
                entry = try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await makeSegment(asset, profile, index, source, owner: Self.owner(identity))
                }
            } catch let error as TranscodeError {
                if error.isUnprocessableMedia { media.failures.record("probe-" + asset.sha256.hex, error) }
                throw mediaError(error)
            }
        }
        prefetch(asset, profile, after: index, count: count, source: source)
        return pipeline.serve(
            admission, lease: lease, request: request, source: .file(entry.path),
            representation: Representation(length: Int64(entry.size), etag: EntityTag(opaque: entry.checksum), lastModified: nil, contentType: "video/mp2t"),
            contentDisposition: "inline")
    }

    func segmentKey(_ asset: Asset, _ profile: TranscodeProfile, _ index: Int) -> String {
        "hls-\(asset.sha256.hex)-\(profile.name)-\(index)"
    }

    func makeSegment(_ asset: Asset, _ profile: TranscodeProfile, _ index: Int, _ source: String, owner: TranscodeOwner?) async throws
        -> DiskCacheEntry
    {
        let media = self.media
        return try await media.produce(key: segmentKey(asset, profile, index), fileExtension: "ts", owner: owner) { work, job in
            try media.workers.segment(
                source: source, profile: profile.name, profilesDirectory: media.profilesDirectory, index: index,
                segmentSeconds: profile.hlsSegmentSeconds ?? 4, destination: work, isCancelled: { job.isCancelled })
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
                _ = try? await routes.makeSegment(asset, profile, next, source, owner: nil)
            }
        }
    }
}
