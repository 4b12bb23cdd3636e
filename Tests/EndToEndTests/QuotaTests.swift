import Foundation
import Testing

/// `downloads_per_day` and `concurrent_streams` against the real binary: exact under concurrency, durable across
/// restarts, answered with 429 and `Retry-After`.
@Suite struct QuotaTests {
    static func policy(limits: String) -> String {
        """
        rules:
          - id: limited-downloads
            effect: allow
            actions: all
            subjects: anyone
            limits: { \(limits) }
        """
    }

    @Test func fiftyParallelDownloadsAgainstFivePerDayAdmitExactlyFive() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy(limits: "downloads_per_day: 5"))
        let file = gateway.makeFile(named: "q.pdf", size: 200_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try gateway.start()
        // One library key, fifty clients at once: the key's daily allowance is five downloads.
        let url = gateway.baseURL + "/assets/\(id)/content"
        let script = (0..<50).map { i in
            "curl -s -o /dev/null -w '%{http_code}\\n' -H 'Authorization: Bearer \(key)' --interface 127.0.0.\(10 + i) '\(url)' &"
        }.joined(separator: "\n") + "\nwait\n"
        let statuses = try CommandResult.run("/bin/bash", ["-c", script]).lines
        #expect(statuses.count == 50)
        #expect(statuses.filter { $0 == "200" }.count == 5)
        #expect(statuses.filter { $0 == "429" }.count == 45)

        // The refusal says why and when to come back (the next day in the report time zone).
        let refused = try CommandResult.curl(["-i", "-H", "Authorization: Bearer \(key)", "--interface", "127.0.0.200", url]).text
        #expect(refused.hasPrefix("HTTP/1.1 429"))
        let retryAfter = refused.split(separator: "\r\n").first { $0.lowercased().hasPrefix("retry-after:") }
        let seconds = Int(retryAfter?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        #expect(seconds > 0 && seconds <= 86_400)
        #expect(refused.contains("\"code\":\"quota_downloads_per_day\""))

        // The counters are durable: after a restart the allowance is still spent.
        gateway.stop()
        try gateway.start()
        let restarted = gateway.baseURL + "/assets/\(id)/content"
        let after = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", "--interface", "127.0.0.201", restarted]).text
        #expect(after == "429")
    }

    @Test func rangeRequestsOfOneViewerCountAsOneDownload() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy(limits: "downloads_per_day: 2"))
        let file = gateway.makeFile(named: "v.pdf", size: 100_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let other = gateway.makeFile(named: "w.pdf", size: 100_001)
        let second = try #require(try gateway.run(["ingest", other, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let third = gateway.makeFile(named: "x.pdf", size: 100_002)
        let thirdID = try #require(try gateway.run(["ingest", third, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        func link(_ asset: String) throws -> String {
            try #require(try gateway.run(["link", "--asset", asset, "--subject", "reader-7", "--library", "harbin", "--action", "read", "--ttl", "600"]).lines.first)
        }
        func status(_ url: String, range: String?) throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}"] + (range.map { ["-r", $0] } ?? []) + [url]).text
        }
        // A viewer's twenty range requests for one item are one download.
        let first = try link(id)
        for offset in stride(from: 0, to: 100_000, by: 5_000) {
            #expect(try status(first, range: "\(offset)-\(offset + 4_999)") == "206")
        }
        // A second item is the second download; a third is over the allowance, while the first still opens.
        #expect(try status(try link(second), range: nil) == "200")
        #expect(try status(try link(thirdID), range: nil) == "429")
        #expect(try status(first, range: "0-99") == "206")
        // HEAD sends no bytes and starts no download.
        #expect(try CommandResult.curl(["-I", "-o", "/dev/null", "-w", "%{http_code}", try link(thirdID)]).text == "200")
    }

    @Test func concurrentStreamsRefuseAnotherItemWhileOneIsPlaying() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy(limits: "concurrent_streams: 1"))
        let big = gateway.makeFile(named: "big.pdf", size: 8_000_000)
        let bigID = try #require(try gateway.run(["ingest", big, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let small = gateway.makeFile(named: "small.pdf", size: 10_000)
        let smallID = try #require(try gateway.run(["ingest", small, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try gateway.start()
        // A slow download of the big item holds the library's one stream.
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        slow.arguments = ["-s", "-o", "/dev/null", "--limit-rate", "200k", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(bigID)/content"]
        try slow.run()
        defer { if slow.isRunning { slow.terminate() } }
        usleep(700_000)
        let refused = try CommandResult.curl(["-i", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(smallID)/content"]).text
        #expect(refused.hasPrefix("HTTP/1.1 429"))
        #expect(refused.lowercased().contains("retry-after: 10"))
        #expect(refused.contains("\"code\":\"quota_concurrent_streams\""))
        // More requests for the item being sent belong to the same stream.
        let same = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", "0-99", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(bigID)/content"]).text
        #expect(same == "206")
        // Once the download has ended and the stream's grace period is over, the other item opens.
        slow.terminate()
        slow.waitUntilExit()
        var status = ""
        for _ in 0..<30 {
            status = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(smallID)/content"]).text
            if status == "200" { break }
            usleep(500_000)
        }
        #expect(status == "200")
        // The refusals are in the audit log, counted as refused downloads in the usage report.
        usleep(600_000)
        let stats = try gateway.run(["stats", "--from", "2000-01-01", "--to", "2100-01-01", "--by", "action", "--csv"])
        let row = try #require(stats.text.components(separatedBy: "\r\n").first { $0.hasPrefix("download,") }, "\(stats.text) \(stats.stderr)").split(separator: ",")
        #expect(Int(row[3].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1)
    }

    @Test func clientsGoneBeforeTheHeadGiveTheirStreamBack() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy(limits: "concurrent_streams: 1"))
        let big = gateway.makeFile(named: "gone.pdf", size: 4_000_000)
        let bigID = try #require(try gateway.run(["ingest", big, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let small = gateway.makeFile(named: "next.pdf", size: 10_000)
        let smallID = try #require(try gateway.run(["ingest", small, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try gateway.start()
        // Forty clients ask for the big item and reset their connection at once, before the answer's head.
        let script = """
            import socket, struct, sys
            for _ in range(40):
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.sendall(("GET /assets/%s/content HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer %s\\r\\n\\r\\n" % (sys.argv[2], sys.argv[3])).encode())
                s.close()
            """
        #expect(try CommandResult.run("/usr/bin/python3", ["-c", script, String(gateway.port), bigID, key]).status == 0)
        // Every one of them gave its slot back: after the stream's grace period another item opens.
        var status = ""
        for _ in 0..<40 {
            status = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(smallID)/content"]).text
            if status == "200" { break }
            usleep(500_000)
        }
        #expect(status == "200")
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", gateway.baseURL + "/healthz"]).status == 0)
    }
}
