import Foundation
import Access
import Hummingbird
import LRUCache
import Audit
import Transcoding
import NIOCore
import Synchronization

/// `GET /metrics`: the Prometheus text exposition, for administrators (admin key) or a client on this machine (a
/// scraper on the same machine): a loopback peer sending no forwarding headers. A request relayed by a proxy is
/// never local, whatever address it reports — so a proxy in front, trusted or forgotten in `trusted_proxies`, does
/// not open the metrics to everyone it relays.
struct MetricsRoute: Sendable {
    let services: GatewayServices
    let authenticator: LinkAuthenticator

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/metrics", use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        if !context.client.isLocal || request.headers[.authorization] != nil { _ = try await authenticator.requireAdmin(request) }
        Self.copySnapshots(services)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.exposition())))
    }

    /// Copies figures kept by their owners (cache tiers, policy reloads, the transcoder, the audit queue) into the
    /// registry just before it is emitted.
    static func copySnapshots(_ services: GatewayServices) {
        let metrics = services.metrics
        func tier(_ name: String, hits: Int, misses: Int, evictions: Int, bytes: Int, entries: Int) {
            let tier = ("tier", name)
            metrics.copyTotal("gateway_cache_hits_total", tier, total: hits)
            metrics.copyTotal("gateway_cache_misses_total", tier, total: misses)
            metrics.copyTotal("gateway_cache_evictions_total", tier, total: evictions)
            metrics.setGauge("gateway_cache_bytes", tier, value: bytes)
            metrics.setGauge("gateway_cache_entries", tier, value: entries)
        }
        for (name, statistics) in [("memory_blocks", services.responder.body.blocks?.blocks.statistics), ("catalog_rows", services.assetCache.statistics)] {
            guard let statistics else { continue }
            tier(name, hits: statistics.hits, misses: statistics.misses, evictions: statistics.evictions,
                bytes: statistics.currentBytes, entries: statistics.currentEntries)
        }
        let disk = services.media.cache.statistics
        tier("disk_media", hits: disk.hits, misses: disk.misses, evictions: disk.evictions, bytes: disk.currentBytes,
            entries: disk.currentEntries)
        // How full each tier may get, and how full the disk under the data directory is (the disk tier evicts at its
        // capacity; what fills the disk is everything else).
        metrics.setGauge("gateway_cache_capacity_bytes", ("tier", "disk_media"), value: Int(services.configuration.cacheDiskBytes))
        metrics.setGauge("gateway_cache_capacity_bytes", ("tier", "memory_blocks"), value: Int(services.configuration.cacheMemoryBytes))
        var volume = statvfs()
        if statvfs(services.configuration.paths.root, &volume) == 0 {
            metrics.setGauge("gateway_data_disk_size_bytes", nil, value: Int(volume.f_blocks) * Int(volume.f_frsize))
            metrics.setGauge("gateway_data_disk_free_bytes", nil, value: Int(volume.f_bavail) * Int(volume.f_frsize))
        }
        metrics.copyTotal("gateway_cache_write_failures_total", ("tier", "disk_media"), total: disk.writeFailures)
        metrics.copyTotal("gateway_cache_corrupt_drops_total", ("tier", "disk_media"), total: disk.corruptDrops)
        let reloads = services.policies.reloadCounts
        metrics.copyTotal("gateway_policy_reloads_total", ("result", "applied"), total: reloads.succeeded)
        metrics.copyTotal("gateway_policy_reloads_total", ("result", "failed"), total: reloads.failed)
        metrics.setGauge("gateway_transcode_jobs", nil, value: services.media.queue.activeJobs)
        metrics.setGauge("gateway_transcode_concurrency", nil, value: services.media.queue.concurrency)
        metrics.setGauge("gateway_audit_dropped_records", nil, value: services.audit.droppedRecords)
        metrics.setGauge("gateway_audit_pending_records", nil, value: services.audit.pendingRecords)
        metrics.setGauge("gateway_audit_open_session_items", nil, value: services.usage.openItems)
        if let slices = services.slices {
            // What the object store was asked for: slices fetched and their bytes (origin traffic).
            metrics.copyTotal("gateway_origin_fetches_total", ("store", "s3"), total: slices.originFetches.load(ordering: .relaxed))
            metrics.copyTotal("gateway_origin_bytes_total", ("store", "s3"), total: slices.originBytes.load(ordering: .relaxed))
        }
    }
}
