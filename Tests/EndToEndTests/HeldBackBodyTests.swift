import Foundation
import Testing

/// Admission is decided when a request head arrives; a GET that declares a body and holds it back must not get the
/// file later (after its link was revoked or expired): it is refused at once and its connection closed.
@Suite struct HeldBackBodyTests {
    /// Sends `head` (no body) on a new connection and reports what came back within 5 s: the status line, whether a
    /// `body_not_allowed` error arrived, and whether the server then closed the connection.
    func ask(port: Int, head: String) throws -> String {
        let script = """
            import socket, sys, time
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(sys.argv[2].encode())
            s.settimeout(5)
            data = b""
            try:
                while b"\\r\\n\\r\\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk: break
                    data += chunk
            except socket.timeout:
                print("no answer within 5 s"); sys.exit(0)
            status = data.split(b"\\r\\n", 1)[0].decode()
            closed = False
            try:
                deadline = time.time() + 5
                while time.time() < deadline:
                    chunk = s.recv(65536)
                    if not chunk: closed = True; break
                    data += chunk
            except socket.timeout:
                pass
            print(status + " | " + ("body_not_allowed" if b"body_not_allowed" in data else "other") + " | " + ("closed" if closed else "open"))
            """
        return try CommandResult.run("/usr/bin/python3", ["-c", script, String(port), head]).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aReadDeclaringABodyIsRefusedAtOnceOnEveryPath() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "held.pdf", size: 100_000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let link = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        let target = String(link[try #require(link.range(of: "/assets/")).lowerBound...])
        // Twice, so the item's row and descriptor are in memory and the sendfile fast path would take the request.
        for _ in 0..<2 { #expect(try CommandResult.curl(["-f", "-o", "/dev/null", "-r", "0-9", link]).status == 0) }
        for declared in ["Content-Length: 10", "Transfer-Encoding: chunked"] {
            for method in ["GET", "HEAD"] {
                let answer = try ask(port: gateway.port, head: "\(method) \(target) HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\(declared)\r\n\r\n")
                #expect(answer == "HTTP/1.1 400 Bad Request | \(method == "GET" ? "body_not_allowed" : "other") | closed", "\(method) with \(declared)")
            }
        }
        // A plain read on the same server still works.
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", "-r", "0-9", link]).status == 0)
    }
}
