import Access
import AssetStore
import Audit
import Foundation
import Hummingbird
import PostgresStore
import Synchronization

/// Enforces the limits of an allowing decision before any byte is sent: `downloads_per_day` (durable, see
/// ``DownloadQuota``) and `concurrent_streams` (see ``StreamRegistry``; in a network of nodes, leases in the shared
/// database, ``PostgresStreamLeases``). A refusal is 429 with `Retry-After`, recorded in the audit log and the metrics.
struct QuotaGate: Sendable {
    let downloads: any DownloadCounter
    /// This node's responses in flight per stream; the limit itself when there is no shared database.
    let streams: StreamRegistry
    /// The network's streams, when the node is one of several.
    let sharedStreams: PostgresStreamLeases?

    init(downloads: any DownloadCounter, streams: StreamRegistry, sharedStreams: PostgresStreamLeases? = nil) {
        self.downloads = downloads
        self.streams = streams
        self.sharedStreams = sharedStreams
    }

    /// A response admitted under `concurrent_streams`. Its stream slot is given back by ``end()`` once the body is
    /// written, and otherwise when the lease goes away: a client gone before the response head was written never
    /// gets its body written, and its slot must not stay taken until a restart.
    final class Lease: Sendable {
        let streams: StreamRegistry
        let shared: PostgresStreamLeases?
        let subject: String
        let assetID: String
        private let ended = Atomic<Bool>(false)

        init(streams: StreamRegistry, shared: PostgresStreamLeases?, subject: String, assetID: String) {
            self.streams = streams
            self.shared = shared
            self.subject = subject
            self.assetID = assetID
        }

        /// Gives the slot back; only the first call counts. The node's last response of a stream shortens the
        /// network lease to the grace period (if the database is away, the lease runs out by itself).
        func end() {
            guard !ended.exchange(true, ordering: .acquiringAndReleasing) else { return }
            guard streams.end(subject: subject, assetID: assetID), let shared else { return }
            let (subject, assetID) = (subject, assetID)
            Task { try? await shared.release(subject: subject, assetID: assetID, graceMilliseconds: Int64(StreamRegistry.graceSeconds) * 1000) }
        }

        deinit { end() }
    }

    /// The key limits are counted under: one per patron (and vouching library), library or admin key.
    static func subjectKey(_ identity: Identity) -> String {
        switch identity {
        case .patron(let link): return "patron:\(link.library):\(link.subject)"
        case .library(let library, _): return "library:\(library)"
        case .admin(let keyID): return "admin:\(keyID)"
        case .delivery(let id, _): return "delivery:\(id)"
        }
    }

    /// Admits one response for `asset`, or throws 429. `countsAsDownload` is true for whole files (the original,
    /// renditions) and false for HLS segments, which only `concurrent_streams` limits.
    func admit(
        _ services: GatewayServices, request: Request, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        client: IPAddress?, countsAsDownload: Bool
    ) async throws -> Lease? {
        // HEAD sends no bytes: it neither starts a download nor holds a stream.
        guard request.method != .head else { return nil }
        let subject = Self.subjectKey(identity)
        if countsAsDownload, let limit = decision.limits.downloadsPerDay {
            let outcome = try await downloads.admit(
                subject: subject, assetID: asset.id, client: client?.description ?? "-", limit: limit)
            if case .exhausted(let retryAfter) = outcome {
                throw refuse(services, request: request, identity: identity, action: action, asset: asset, decision: decision, client: client,
                    limit: "downloads_per_day", retryAfter: retryAfter,
                    message: "The daily download allowance (\(limit)) is used up. Try again tomorrow or ask your library.")
            }
        }
        guard let limit = decision.limits.concurrentStreams else { return nil }
        if let retryAfter = try await beginStream(subject: subject, assetID: asset.id, limit: limit) {
            throw refuse(services, request: request, identity: identity, action: action, asset: asset, decision: decision, client: client,
                limit: "concurrent_streams", retryAfter: retryAfter,
                message: "Only \(limit) item(s) may be played or fetched at the same time. Finish one, then try again.")
        }
        return Lease(streams: streams, shared: sharedStreams, subject: subject, assetID: asset.id)
    }

    /// Throws the 429 ``admit(_:request:identity:action:asset:decision:client:countsAsDownload:)`` would throw now,
    /// without counting a download or taking a stream: asked before work is started for a response (a transcode),
    /// so a subject at a limit does not get the work done. Records nothing when it admits.
    func check(
        _ services: GatewayServices, request: Request, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        client: IPAddress?, countsAsDownload: Bool
    ) async throws {
        let subject = Self.subjectKey(identity)
        if countsAsDownload, let limit = decision.limits.downloadsPerDay,
            case .exhausted(let retryAfter) = try await downloads.wouldAdmit(
                subject: subject, assetID: asset.id, client: client?.description ?? "-", limit: limit)
        {
            throw refuse(services, request: request, identity: identity, action: action, asset: asset, decision: decision, client: client,
                limit: "downloads_per_day", retryAfter: retryAfter,
                message: "The daily download allowance (\(limit)) is used up. Try again tomorrow or ask your library.")
        }
        if let limit = decision.limits.concurrentStreams,
            let retryAfter = try await wouldRefuseStream(subject: subject, assetID: asset.id, limit: limit)
        {
            throw refuse(services, request: request, identity: identity, action: action, asset: asset, decision: decision, client: client,
                limit: "concurrent_streams", retryAfter: retryAfter,
                message: "Only \(limit) item(s) may be played or fetched at the same time. Finish one, then try again.")
        }
    }

    /// Starts a response of `subject`'s stream of `assetID` under `limit` (the network's, when shared), or returns the
    /// seconds to wait. This node's registry always counts the response, so leases of streams in flight are renewed.
    private func beginStream(subject: String, assetID: String, limit: Int) async throws -> Int? {
        guard let sharedStreams else { return streams.begin(subject: subject, assetID: assetID, limit: limit) }
        if let retryAfter = try await sharedStreams.acquire(
            subject: subject, assetID: assetID, limit: limit, retryAfter: StreamRegistry.graceSeconds)
        {
            return retryAfter
        }
        _ = streams.begin(subject: subject, assetID: assetID, limit: Int.max)
        return nil
    }

    /// What ``beginStream(subject:assetID:limit:)`` would answer now, beginning nothing.
    private func wouldRefuseStream(subject: String, assetID: String, limit: Int) async throws -> Int? {
        guard let sharedStreams else { return streams.wouldRefuse(subject: subject, assetID: assetID, limit: limit) }
        return try await sharedStreams.wouldRefuse(subject: subject, assetID: assetID, limit: limit, retryAfter: StreamRegistry.graceSeconds)
    }

    private func refuse(
        _ services: GatewayServices, request: Request, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        client: IPAddress?, limit: String, retryAfter: Int, message: String
    ) -> GatewayError {
        // The policy allowed the use, the quota refused it: the audit log counts it as refused, naming the limit.
        var refused = decision
        refused.allowed = false
        refused.ruleID = "quota:" + limit
        ContentPipeline.record(services, identity: identity, action: action, asset: asset, decision: refused, status: 429,
            bytes: 0, client: client, userAgent: request.headers[.userAgent])
        services.metrics.recordQuotaRefusal(limit: limit)
        var headers = HTTPFields()
        headers[.retryAfter] = String(retryAfter)
        return GatewayError(.tooManyRequests, code: "quota_\(limit)", message: message, headers: headers)
    }
}
