import Foundation
import Testing

/// Signed-link range requests for items already in memory are answered on the event loop with sendfile; every other
/// request goes through the router. Both must answer byte for byte alike, in request order, and be counted alike.
@Suite struct FastPathTests {
    /// Status line and headers (without Date) and body of a `curl -i` answer.
    func split(_ data: Data) -> (head: [String], body: Data) {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else { return ([], data) }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            .filter { !$0.lowercased().hasPrefix("date:") }
        return (head, data[end.upperBound...])
    }

    /// The start of a Python script that holds one keep-alive connection to the gateway on `port` and defines
    /// `ask(first, last)`: a range request for the path in `sys.argv[1]`, returning the status code once the whole
    /// body has arrived.
    static func keptAliveReader(port: Int) -> String {
        """
        import socket, sys, time, re, subprocess
        s = socket.create_connection(("127.0.0.1", \(port)))
        s.settimeout(10)
        def ask(first, last):
            s.sendall(("GET " + sys.argv[1] + " HTTP/1.1\\r\\nHost: x\\r\\nRange: bytes=%d-%d\\r\\n\\r\\n" % (first, last)).encode())
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                data += s.recv(65536)
            head, body = data.split(b"\\r\\n\\r\\n", 1)
            length = int(re.search(rb"Content-Length: ([0-9]+)", head).group(1))
            while len(body) < length:
                body += s.recv(65536)
            return head.split(b" ")[1].decode()

        """
    }

    /// Multipart boundaries (`gw` + random base-36) replaced, and the length they change dropped.
    func normalized(_ head: [String]) -> [String] {
        let isMultipart = head.contains { $0.contains("multipart/byteranges") }
        return head.map { $0.replacingOccurrences(of: #"gw[0-9a-z]{6,}"#, with: "BOUNDARY", options: .regularExpression) }
            .filter { !(isMultipart && $0.lowercased().hasPrefix("content-length:")) }
    }

    func normalized(_ body: Data) -> Data {
        guard let text = String(data: body, encoding: .isoLatin1), text.hasPrefix("\r\n--gw") || text.hasPrefix("--gw") else { return body }
        return text.replacingOccurrences(of: #"gw[0-9a-z]{6,}"#, with: "BOUNDARY", options: .regularExpression).data(using: .isoLatin1) ?? body
    }

    @Test func answersMatchTheRouterForEveryKindOfRequest() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "同一.pdf", size: 1_000_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        let key = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        let plain = gateway.baseURL + "/assets/\(id)/content"
        let etag = try #require(try CommandResult.curl(["-I", link]).text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("etag:") }?.dropFirst(6))
        let cases: [[String]] = [
            [], ["-r", "0-0"], ["-r", "100-199"], ["-r", "-500"], ["-r", "999000-"], ["-r", "0-99,200-299"],
            ["-r", "2000000-3000000"], ["-H", "If-None-Match: \(etag)"], ["-H", "If-Range: \(etag)", "-r", "10-19"],
            ["-H", "If-Range: \"other\"", "-r", "10-19"], ["-I", "-r", "5-9"], ["-I"], ["-H", "If-Match: \"other\""],
        ]
        let delivery = try CommandResult.curl([
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(id)","patron":{"id":"R-1"},"max_downloads":1}"#, gateway.baseURL + "/deliveries",
        ]).text
        let deliveryLink = try #require(delivery.components(separatedBy: "\"link\":\"").dropFirst().first?.components(separatedBy: "\"").first)
        let delivered = deliveryLink + "/content?download=1"
        for arguments in cases {
            // The router: a bearer key never takes the fast path. The fast path: the signed link, asked twice so the
            // item's row and descriptor are in memory the second time.
            let routed = split(try CommandResult.curl(["-i"] + arguments + ["-H", "Authorization: Bearer \(key)", plain]).stdout)
            _ = try CommandResult.curl(["-i"] + arguments + [link])
            let fast = split(try CommandResult.curl(["-i"] + arguments + [link]).stdout)
            // Multipart answers differ only in their random boundary.
            #expect(normalized(fast.head) == normalized(routed.head), "\(arguments)")
            #expect(normalized(fast.body) == normalized(routed.body), "\(arguments)")
            // A delivery link (one download, all from this client within the hour) answers the same bytes.
            _ = try CommandResult.curl(["-i"] + arguments + [delivered])
            let viaDelivery = split(try CommandResult.curl(["-i"] + arguments + [delivered]).stdout)
            #expect(normalized(viaDelivery.head) == normalized(routed.head), "delivery \(arguments)")
            #expect(normalized(viaDelivery.body) == normalized(routed.body), "delivery \(arguments)")
        }
        // Every request was counted, whichever path answered it.
        let metrics = try CommandResult.curl([gateway.baseURL + "/metrics"]).text
        func counted(_ route: String) -> Double {
            metrics.components(separatedBy: "\n").filter { $0.hasPrefix(#"gateway_http_requests_total{route=""# + route + "\"") }
                .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        }
        #expect(counted("/assets/{id}/content") == Double(1 + cases.count * 3))
        #expect(counted("/d/{token}/content") == Double(cases.count * 2))
        // However many requests, the one client used one download of the delivery.
        let deliveryID = try #require(delivery.components(separatedBy: "\"id\":\"").dropFirst().first?.components(separatedBy: "\"").first)
        let status = try CommandResult.curl(["-H", "Authorization: Bearer \(key)", gateway.baseURL + "/deliveries/\(deliveryID)"]).text
        #expect(status.contains("\"downloads_used\":1"))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "p.pdf", size: 200_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "600"]).lines.first)
        _ = try CommandResult.curl(["-o", "/dev/null", link])
        let target = String(link.dropFirst(gateway.baseURL.count))
        // One write holding: a fast-path range, a router request (metadata), a range while the router is busy, a 404.
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", \(gateway.port)))
            t = sys.argv[1]
            q = t.split("?", 1)[1]
            reqs = ["GET " + t + " HTTP/1.1\\r\\nHost: x\\r\\nRange: bytes=0-4\\r\\n\\r\\n",
                    "GET /assets/\(id)?" + q + " HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                    "GET " + t + " HTTP/1.1\\r\\nHost: x\\r\\nRange: bytes=10-14\\r\\n\\r\\n",
                    "GET /nowhere HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"]
            s.settimeout(10)
            s.sendall("".join(reqs).encode())
            import re
            data = b""
            while len(re.findall(rb"HTTP/1\\.1 [0-9]{3} ", data)) < 4 or not data.endswith(b"}\\n"):
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            print(" ".join(code.decode() for code in re.findall(rb"HTTP/1\\.1 ([0-9]{3}) ", data)))
            """
        let run = try CommandResult.run("/usr/bin/env", ["python3", "-c", script, target])
        #expect(run.text.trimmingCharacters(in: .whitespacesAndNewlines) == "206 200 206 404", "\(run.stderr)")
    }

    /// SIGTERM lets a download the fast path is sending finish within the grace period, as the router's do.
    @Test func gracefulShutdownFinishesAFastPathDownload() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "big.pdf", size: 40_000_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        // The first request puts the item in memory; the download after it takes the fast path.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", "0-0", link]).text == "206")
        let target = gateway.dataDir + "/slow.pdf"
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-f", "--limit-rate", "8M", "-o", target, link]
        try curl.run()
        usleep(1_000_000)
        gateway.process?.terminate()
        curl.waitUntilExit()
        gateway.process?.waitUntilExit()
        #expect(curl.terminationStatus == 0)
        let got = try FileHandle(forReadingFrom: URL(fileURLWithPath: target)).seekToEnd()
        #expect(got == 40_000_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(gateway.process?.terminationStatus == 0)
    }

    /// A link that expires while a viewer's connection stays open stops working on that connection too.
    @Test func aLinkExpiringDuringAKeptAliveConnectionStops() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "e.pdf", size: 100_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "3"]).lines.first)
        let target = String(link.dropFirst(gateway.baseURL.count))
        let script = Self.keptAliveReader(port: gateway.port) + """
            codes = [ask(0, 9), ask(10, 19), ask(20, 29)]
            time.sleep(4)
            codes.append(ask(30, 39))
            print(" ".join(codes))
            """
        let run = try CommandResult.run("/usr/bin/env", ["python3", "-c", script, target])
        #expect(run.text.trimmingCharacters(in: .whitespacesAndNewlines) == "206 206 206 410", "\(run.stderr)")
    }

    /// A delivery revoked while a viewer's connection stays open stops at once on that connection (revoked through
    /// the API) or within two seconds (revoked from the shell, another process).
    @Test func aRevokedDeliveryStopsOnAKeptAliveConnection() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "r.pdf", size: 100_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try gateway.start()
        func deliver() throws -> (id: String, path: String) {
            let answer = try CommandResult.curl([
                "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
                "--data-binary", #"{"asset":"\#(id)","patron":{"id":"R-8"}}"#, gateway.baseURL + "/deliveries",
            ]).text
            let link = try #require(answer.components(separatedBy: "\"link\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            let deliveryID = try #require(answer.components(separatedBy: "\"id\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            return (deliveryID, String(link.dropFirst(gateway.baseURL.count)) + "/content")
        }
        // A reader on one connection: three ranges, then `revoke` runs, then ranges every 100 ms for three seconds.
        let script = Self.keptAliveReader(port: gateway.port) + """
            codes = [ask(0, 9), ask(10, 19), ask(20, 29)]
            subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
            start = time.time()
            after = ask(30, 39)
            while after != "410" and time.time() - start < 3:
                time.sleep(0.1)
                after = ask(30, 39)
            print(" ".join(codes), after, "%.1f" % (time.time() - start))
            """
        let viaAPI = try deliver()
        let api = try CommandResult.run("/usr/bin/env", [
            "python3", "-c", script, viaAPI.path, "/usr/bin/curl", "-s", "-X", "DELETE", "-H", "Authorization: Bearer \(key)",
            gateway.baseURL + "/deliveries/\(viaAPI.id)",
        ])
        let apiResult = api.text.split(separator: " ").map(String.init)
        #expect(apiResult.prefix(4) == ["206", "206", "206", "410"], "\(api.text) \(api.stderr)")
        #expect((Double(apiResult.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 9) < 0.1, "at once")
        let viaShell = try deliver()
        let shell = try CommandResult.run("/usr/bin/env", ["python3", "-c", script, viaShell.path, gateway.binary, "deliveries", "revoke", viaShell.id], environment: gateway.environment)
        let shellResult = shell.text.split(separator: " ").map(String.init)
        #expect(shellResult.prefix(4) == ["206", "206", "206", "410"], "\(shell.text) \(shell.stderr)")
    }
}
