import Foundation
import Testing

/// `/metrics` in the Prometheus text format: what operators graph and alert on.
@Suite struct MetricsTests {
    /// The value of the sample whose line starts with `prefix` (name and labels), or nil.
    func sample(_ text: String, _ prefix: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func countsRequestsBytesDenialsReloadsAndCacheTiers() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "m.pdf", size: 30_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        try gateway.start()
        let url = gateway.baseURL + "/assets/\(id)/content"
        for _ in 0..<3 { _ = try CommandResult.curl(["-o", "/dev/null", "-H", "Authorization: Bearer \(key)", url]) }
        _ = try CommandResult.curl(["-o", "/dev/null", "-r", "0-999", "-H", "Authorization: Bearer \(key)", url])
        _ = try CommandResult.curl(["-o", "/dev/null", url])  // no credentials: 401
        // Deny everything for libraries, then ask once more: one denial.
        gateway.writePolicy("rules:\n  - id: admins\n    effect: allow\n    actions: all\n    subjects: { kinds: [admin] }\n")
        _ = try CommandResult.curl(["-X", "POST", "-o", "/dev/null", "-H", "Authorization: Bearer \(admin)", gateway.baseURL + "/admin/policies/reload"])
        _ = try CommandResult.curl(["-o", "/dev/null", "-H", "Authorization: Bearer \(key)", url])

        // Loopback scrapers need no key; a library key is not an admin key.
        let scrape = try CommandResult.curl(["-i", gateway.baseURL + "/metrics"]).text
        #expect(scrape.hasPrefix("HTTP/1.1 200"))
        #expect(scrape.contains("text/plain; version=0.0.4"))
        let text = scrape
        #expect(sample(text, #"gateway_http_requests_total{route="/assets/{id}/content",method="GET",status="200"}"#) == 3)
        #expect(sample(text, #"gateway_http_requests_total{route="/assets/{id}/content",method="GET",status="206"}"#) == 1)
        #expect(sample(text, #"gateway_http_requests_total{route="/assets/{id}/content",method="GET",status="401"}"#) == 1)
        #expect(sample(text, #"gateway_http_requests_total{route="/assets/{id}/content",method="GET",status="403"}"#) == 1)
        let bytes = try #require(sample(text, #"gateway_http_response_bytes_total{route="/assets/{id}/content"}"#))
        // Three whole files and one 1,000-byte range, plus the small JSON bodies of the refusals.
        #expect(bytes >= 3 * 30_000 + 1_000 && bytes < 3 * 30_000 + 1_000 + 2_000)
        #expect(sample(text, #"gateway_policy_denials_total{reason="no_matching_rule"}"#) == 1)
        #expect(sample(text, #"gateway_policy_reloads_total{result="applied"}"#) ?? 0 >= 1)
        for tier in ["memory_blocks", "catalog_rows", "disk_media"] {
            #expect(sample(text, #"gateway_cache_hits_total{tier="\#(tier)"}"#) != nil || sample(text, #"gateway_cache_misses_total{tier="\#(tier)"}"#) != nil, "tier \(tier)")
            #expect(sample(text, #"gateway_cache_bytes{tier="\#(tier)"}"#) != nil, "tier \(tier)")
        }
        #expect(sample(text, #"gateway_cache_hits_total{tier="catalog_rows"}"#) ?? 0 >= 3)
        // What the alerts need to say "nearly full" and "audit writes failing" before anything is lost.
        #expect(sample(text, #"gateway_cache_capacity_bytes{tier="disk_media"}"#) == Double(10 << 30))
        let size = sample(text, "gateway_data_disk_size_bytes") ?? 0, free = sample(text, "gateway_data_disk_free_bytes") ?? -1
        #expect(size > 0 && free >= 0 && free <= size)
        #expect(sample(text, "gateway_audit_pending_records") != nil)
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/metrics"]).text == "403")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(admin)", gateway.baseURL + "/metrics"]).text == "200")
    }
}
