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
    }
}
