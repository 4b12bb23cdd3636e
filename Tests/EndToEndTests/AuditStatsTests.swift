import Foundation
import Testing

/// Every delivery and refusal lands in the audit log; the usage report counts exactly the requests made.
@Suite struct AuditStatsTests {
    @Test func reportCountsEqualRequestsMade() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy("""
            rules:
              - id: harbin-only
                effect: allow
                actions: all
                subjects: { libraries: [harbin] }
            """)
        let file = gateway.makeFile(named: "s.pdf", size: 20_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        _ = try gateway.run(["keys", "add-signing", "--library", "qiqihar"])
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        try gateway.start()
        func link(_ library: String) throws -> String {
            try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", library, "--action", "download", "--ttl", "600"]).lines.first)
        }
        let harbin = try link("harbin"), qiqihar = try link("qiqihar")
        for _ in 0..<7 { #expect(try CommandResult.curl(["-f", "-o", "/dev/null", "-r", "0-999", harbin]).status == 0) }
        for _ in 0..<3 { _ = try CommandResult.curl(["-o", "/dev/null", qiqihar]) }
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate])
        let csv = try CommandResult.curl(["-f", "-H", "Authorization: Bearer \(admin)",
            gateway.baseURL + "/admin/stats?from=\(today)&to=\(today)&by=library&format=csv"]).text
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",").map(String.init) }
        let harbinRow = try #require(rows.first { $0.first == "harbin" })
        let qiqiharRow = try #require(rows.first { $0.first == "qiqihar" })
        // key, requests, allowed, denied, bytes
        #expect(Array(harbinRow.dropFirst()) == ["7", "7", "0", "7000"])
        #expect(Array(qiqiharRow.dropFirst()) == ["3", "0", "3", "0"])
        // The same report from the command line, once the server has written its queue.
        gateway.stop()
        let cli = try gateway.run(["stats", "--from", today, "--to", today, "--by", "library", "--csv"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.text == csv)
        // Without --from and --to a librarian gets the current month (days in the configured time zone), which here
        // holds exactly today's requests.
        let month = try gateway.run(["stats", "--by", "library", "--csv"])
        #expect(month.status == 0, "\(month.stderr)")
        #expect(month.text == csv)
        let json = try gateway.run(["stats"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: Date()))!
        let next = calendar.date(byAdding: .month, value: 1, to: first)!
        #expect(document["from"] as? String == ISO8601DateFormatter().string(from: first))
        #expect(document["to"] as? String == ISO8601DateFormatter().string(from: next))
    }

    /// A viewer's range requests are one audit record (COUNTER's grain), on the sendfile fast path as on the router,
    /// and the usage report still counts every request.
    @Test func aViewersRangeRequestsAreOneRecord() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "r.pdf", size: 2_000_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "reader", "--library", "harbin", "--action", "read", "--ttl", "600"]).lines.first)
        // 500 requests on one kept-alive connection: the first through the router, the rest on the fast path.
        let result = try CommandResult.curl(["-r", "0-65535", "-w", "%{http_code}\n"] + Array(repeating: ["-o", "/dev/null", link], count: 500).flatMap { $0 })
        #expect(result.lines.count == 500 && result.lines.allSatisfy { $0 == "206" })
        gateway.stop()
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(*db.execute("SELECT COUNT(*), SUM(requests), SUM(bytesSent) FROM audit_event").fetchone())
            """
        let counts = try CommandResult.run("/usr/bin/python3", ["-c", script, gateway.dataDir + "/catalog.sqlite"]).text
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "1 500 32768000", "\(counts)")
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate])
        let csv = try gateway.run(["stats", "--from", today, "--to", today, "--by", "library", "--csv"]).text
        #expect(csv.contains("harbin,500,500,0,32768000"), "\(csv)")
    }
}
