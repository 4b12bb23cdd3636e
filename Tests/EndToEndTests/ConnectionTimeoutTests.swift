import Foundation
import Testing

/// Slow and vanishing clients cannot hold connections forever: half a request head, an idle kept-alive connection and
/// a client that stops reading are closed after their timeouts (set to 2 s here), while other clients are served.
@Suite struct ConnectionTimeoutTests {
    func gateway(size: Int = 30_000_000) throws -> (GatewayProcess, link: String, keyURL: String, key: String) {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_REQUEST_HEAD_TIMEOUT_SECONDS"] = "2"
        gateway.extraEnvironment["GATEWAY_KEEPALIVE_TIMEOUT_SECONDS"] = "2"
        gateway.extraEnvironment["GATEWAY_SEND_TIMEOUT_SECONDS"] = "2"
        let file = gateway.makeFile(named: "slow.pdf", size: size)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        let key = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        return (gateway, link, gateway.baseURL + "/assets/\(id)/content", key)
    }

    func python(_ script: String, _ arguments: [String]) throws -> [String] {
        let result = try CommandResult.run("/usr/bin/python3", ["-c", script] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.lines
    }

    @Test func halfRequestHeadsAreClosedWhileOthersAreServed() throws {
        let (gateway, link, _, _) = try gateway(size: 100_000)
        let script = """
            import socket, sys, time, subprocess
            port, url = int(sys.argv[1]), sys.argv[2]
            held = []
            for _ in range(300):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nX-Slow: ")
                held.append(s)
            # Others are served meanwhile.
            status = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-r", "0-99", url], capture_output=True, text=True).stdout
            print("served " + status)
            time.sleep(4.5)
            closed = 0
            for s in held:
                s.settimeout(0.5)
                try:
                    if s.recv(1) == b"": closed += 1
                except (socket.timeout, BlockingIOError):
                    pass
                except ConnectionResetError:
                    closed += 1
            print("closed %d of %d" % (closed, len(held)))
            """
        let lines = try python(script, [String(gateway.port), link])
        #expect(lines == ["served 206", "closed 300 of 300"])
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", gateway.baseURL + "/healthz"]).status == 0)
    }

    @Test func idleKeptAliveConnectionsAreClosed() throws {
        let (gateway, _, _, _) = try gateway(size: 1_000)
        let script = """
            import socket, sys, time
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"GET /healthz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            s.settimeout(5)
            data = b""
            while b"ok" not in data:
                data += s.recv(4096)
            print(data.split(b"\\r\\n")[0].decode())
            start = time.time()
            try:
                closed = s.recv(1) == b""
            except ConnectionResetError:
                closed = True
            except socket.timeout:
                closed = False
            print("closed" if closed else "open", "after", round(time.time() - start))
            """
        let lines = try python(script, [String(gateway.port)])
        #expect(lines.first == "HTTP/1.1 200 OK")
        #expect(lines.last == "closed after 2")
    }

    /// A client that asks for 30 MB and stops reading is disconnected after the send timeout, on the router and on
    /// the sendfile fast path; a slow client that keeps reading is not.
    @Test func clientsThatStopReadingAreDisconnectedSlowReadersAreNot() throws {
        let (gateway, link, keyURL, key) = try gateway()
        let stall = """
            import socket, sys, time, urllib.parse
            port, target, auth = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            s = socket.create_connection(("127.0.0.1", port))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            head = "GET %s HTTP/1.1\\r\\nHost: x\\r\\n" % target
            if auth: head += "Authorization: Bearer %s\\r\\n" % auth
            s.sendall((head + "\\r\\n").encode())
            time.sleep(6)
            s.settimeout(10)
            total = 0
            try:
                while True:
                    chunk = s.recv(1 << 20)
                    if not chunk: break
                    total += len(chunk)
            except (ConnectionResetError, socket.timeout):
                pass
            print("complete" if total >= 30000000 else "cut")
            """
        let path = String(link[try #require(link.range(of: "/assets/")).lowerBound...])
        // The fast path takes the link once the item is in memory.
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", "-r", "0-9", link]).status == 0)
        #expect(try python(stall, [String(gateway.port), path, ""]) == ["cut"])
        let routed = String(keyURL[try #require(keyURL.range(of: "/assets/")).lowerBound...])
        #expect(try python(stall, [String(gateway.port), routed, key]) == ["cut"])
        // 30 MB at 6 MB/s: five seconds of steady progress, more than twice the send timeout.
        let slow = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code} %{size_download}", "--limit-rate", "6M", link]).text
        #expect(slow == "200 30000000")
        let slowRouted = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code} %{size_download}", "--limit-rate", "6M", "-H", "Authorization: Bearer \(key)", keyURL]).text
        #expect(slowRouted == "200 30000000")
    }
}
