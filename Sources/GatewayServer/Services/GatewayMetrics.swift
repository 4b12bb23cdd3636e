import CoreMetrics
import Prometheus
import Synchronization

/// The gateway's Prometheus metrics, recorded through swift-metrics into this gateway's own
/// `PrometheusCollectorRegistry` (not the process-wide bootstrap, so several gateways in one test process keep
/// separate figures) and served at `GET /metrics`.
///
/// Counters recorded as things happen: requests by route, method and status; bytes sent by route; policy denials by
/// reason; quota refusals by limit. Policy reloads (applied, failed), cache counters per tier (memory blocks,
/// catalog rows, disk renditions and segments) and transcoder figures are read from their owners when scraped.
public final class GatewayMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let byteCounters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let labelledCounters = Mutex<[String: CoreMetrics.Counter]>([:])
    /// Values last copied from snapshot counters (cache statistics), so the Prometheus counters advance by deltas.
    private let lastSnapshot = Mutex<[String: Int]>([:])

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// One finished (or failed) request on `route` (the route pattern, never the raw path).
    func recordRequest(route: String, method: String, status: Int) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "gateway_http_requests_total",
                dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Bytes of response bodies actually written on `route`.
    func recordBytes(route: String, count: Int) {
        guard count > 0 else { return }
        let counter = byteCounters.withLock { counters in
            if let counter = counters[route] { return counter }
            let counter = CoreMetrics.Counter(
                label: "gateway_http_response_bytes_total", dimensions: [("route", route)], factory: factory)
            counters[route] = counter
            return counter
        }
        counter.increment(by: count)
    }

    /// A request refused by the policy, by its patron-facing reason code.
    func recordDenial(reason: String) { increment("gateway_policy_denials_total", ("reason", reason)) }

    /// A request refused by a quota (`downloads_per_day`, `concurrent_streams`).
    func recordQuotaRefusal(limit: String) { increment("gateway_quota_refusals_total", ("limit", limit)) }

    private func increment(_ label: String, _ dimension: (String, String)?, by amount: Int = 1) {
        let dimensions = dimension.map { [$0] } ?? []
        let key = label + "|" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        let counter = labelledCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment(by: amount)
    }

    /// Advances the counter `label{dimension}` to `total` (a running total read from its owner at scrape time).
    func copyTotal(_ label: String, _ dimension: (String, String), total: Int) {
        let key = label + "|" + dimension.0 + "=" + dimension.1
        let delta = lastSnapshot.withLock { last -> Int? in
            guard let previous = last[key] else {
                last[key] = total
                return total
            }
            guard total > previous else { return nil }
            last[key] = total
            return total - previous
        }
        // The first copy creates the counter even at zero, so every tier is listed from the first scrape.
        if let delta { increment(label, dimension, by: delta) }
    }

    /// Sets the gauge `label{dimension}` to `value`.
    func setGauge(_ label: String, _ dimension: (String, String)?, value: Int) {
        CoreMetrics.Gauge(label: label, dimensions: dimension.map { [$0] } ?? [], factory: factory).record(value)
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] {
        var buffer = [UInt8]()
        registry.emit(into: &buffer)
        return buffer
    }
}
