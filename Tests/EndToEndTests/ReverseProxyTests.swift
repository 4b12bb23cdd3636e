import Foundation
import Testing

/// The deployment the README recommends: the gateway on 127.0.0.1 behind Debian's nginx, with
/// `trusted_proxies: 127.0.0.1/32`. Clients on 127.0.0.2 and 127.0.0.3 (`curl --interface`) must be told apart
/// everywhere the client's address matters, and nobody but the proxy may say who the client is.
@Suite(.serialized) struct ReverseProxyTests {
    struct Setup {
        let gateway: GatewayProcess
        let nginx: NginxProcess
        let asset: String
        let libraryKey: String
        let admin: String
        let size: Int
    }

    static let policy = """
        rules:
          - id: tests-allow-everything
            effect: allow
            actions: all
            subjects: anyone
          - id: interlibrary-delivery
            effect: allow
            actions: [deliver]
            subjects: { kinds: [library] }
            limits: { delivery_ttl_days: 30, delivery_max_downloads: 5 }
        """

    func setUp() throws -> Setup {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_TRUSTED_PROXIES"] = "127.0.0.1/32"
        gateway.writePolicy(Self.policy)
        let size = 200_000
        let file = gateway.makeFile(named: "proxy.pdf", size: size)
        let asset = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"]).lines.first)
        let libraryKey = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        #expect(try gateway.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try gateway.start()
        let nginx = try NginxProcess(upstreamPort: gateway.port)
        return Setup(gateway: gateway, nginx: nginx, asset: asset, libraryKey: libraryKey, admin: admin, size: size)
    }

    /// `curl` from `interface` (a loopback address) with `arguments`; the HTTP status is the last line of the text.
    func curl(from interface: String, _ arguments: [String]) throws -> (status: Int, body: Data) {
        let result = try CommandResult.curl(["--interface", interface, "-w", "\n%{http_code}"] + arguments)
        var body = result.stdout
        guard let newline = body.lastIndex(of: 0x0a) else { return (0, body) }
        let status = Int(String(decoding: body[(newline + 1)...], as: UTF8.self)) ?? 0
        body = body[..<newline]
        return (status, Data(body))
    }

    func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func twoPatronsBehindTheProxyAreTwoDownloads() throws {
        let setup = try setUp()
        let created = try curl(from: "127.0.0.1", [
            "-H", "Authorization: Bearer \(setup.libraryKey)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(setup.asset)","patron":{"id":"R-7"},"max_downloads":5}"#,
            setup.gateway.baseURL + "/deliveries",
        ])
        #expect(created.status == 201)
        let delivery = try json(created.body)
        let id = try #require(delivery["id"] as? String)
        let link = try #require(delivery["link"] as? String)
        let path = String(link[try #require(link.range(of: "/d/")).lowerBound...])
        // Each patron reads with several range requests (one download each), through the proxy.
        for client in ["127.0.0.2", "127.0.0.3"] {
            for range in ["0-65535", "65536-131071", "-1000"] {
                let answer = try curl(from: client, ["-o", "/dev/null", "-r", range, setup.nginx.baseURL + path + "/content"])
                #expect(answer.status == 206, "\(client) \(range)")
            }
        }
        let record = try json(try curl(from: "127.0.0.1", [
            "-H", "Authorization: Bearer \(setup.libraryKey)", setup.gateway.baseURL + "/deliveries/\(id)",
        ]).body)
        #expect(record["downloads_used"] as? Int == 2)
        // A client forging X-Forwarded-For past the proxy is still itself: nginx appends its peer, the right-most
        // untrusted address wins, so 127.0.0.2 claiming to be 10.9.9.9 opens no third download.
        let forged = try curl(from: "127.0.0.2", ["-o", "/dev/null", "-H", "X-Forwarded-For: 10.9.9.9", "-r", "0-99", setup.nginx.baseURL + path + "/content"])
        #expect(forged.status == 206)
        let after = try json(try curl(from: "127.0.0.1", [
            "-H", "Authorization: Bearer \(setup.libraryKey)", setup.gateway.baseURL + "/deliveries/\(id)",
        ]).body)
        #expect(after["downloads_used"] as? Int == 2)
        // The audit log names the patrons' addresses, not the proxy's (read once the gateway has written its
        // sessions, at shutdown).
        setup.gateway.stop()
        let clients = try auditedClients(setup.gateway)
        #expect(clients.contains("127.0.0.2") && clients.contains("127.0.0.3"), "\(clients)")
        #expect(!clients.contains("10.9.9.9"), "\(clients)")
    }

    @Test func metricsThroughTheProxyNeedAnAdminKey() throws {
        let setup = try setUp()
        #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", setup.nginx.baseURL + "/metrics"]).status == 401)
        #expect(try curl(from: "127.0.0.1", ["-o", "/dev/null", setup.nginx.baseURL + "/metrics"]).status == 401)
        let withKey = try curl(from: "127.0.0.2", ["-H", "Authorization: Bearer \(setup.admin)", setup.nginx.baseURL + "/metrics"])
        #expect(withKey.status == 200)
        #expect(String(decoding: withKey.body, as: UTF8.self).contains("gateway_"))
        // A scraper on the gateway's own machine, straight to the gateway, needs none.
        #expect(try curl(from: "127.0.0.1", ["-o", "/dev/null", setup.gateway.baseURL + "/metrics"]).status == 200)
    }

    @Test func ipBoundLinksSeeThePatronNotTheProxyAndForgeriesChangeNothing() throws {
        let setup = try setUp()
        let signed = try #require(try setup.gateway.run([
            "link", "--asset", setup.asset, "--subject", "p-1", "--library", "harbin", "--action", "read", "--ttl", "600",
            "--ip", "127.0.0.3",
        ]).lines.first)
        let query = String(signed[try #require(signed.firstIndex(of: "?"))...])
        let viaProxy = setup.nginx.baseURL + "/assets/\(setup.asset)/content" + query
        let direct = setup.gateway.baseURL + "/assets/\(setup.asset)/content" + query
        // Alternating patrons on nginx's kept-alive upstream connections: the first requests go through the router,
        // later ones (the item now in memory) through the sendfile fast path; both decide by the patron.
        for round in 0..<4 {
            #expect(try curl(from: "127.0.0.3", ["-o", "/dev/null", "-r", "0-9", viaProxy]).status == 206, "round \(round)")
            #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", "-r", "0-9", viaProxy]).status == 403, "round \(round)")
        }
        // Forged through the proxy: an X-Forwarded-For or a Forwarded header written by the client.
        #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", "-H", "X-Forwarded-For: 127.0.0.3", "-r", "0-9", viaProxy]).status == 403)
        #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", "-H", "Forwarded: for=127.0.0.3", "-r", "0-9", viaProxy]).status == 403)
        // Forged straight at the gateway by a peer that is not a trusted proxy: ignored either way.
        #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", "-H", "X-Forwarded-For: 127.0.0.3", "-r", "0-9", direct]).status == 403)
        #expect(try curl(from: "127.0.0.2", ["-o", "/dev/null", "-H", "Forwarded: for=127.0.0.3", "-r", "0-9", direct]).status == 403)
        #expect(try curl(from: "127.0.0.3", ["-o", "/dev/null", "-H", "X-Forwarded-For: 127.0.0.2", "-r", "0-9", direct]).status == 206)
    }

    /// The distinct client addresses in the audit log (read with Python's sqlite3).
    func auditedClients(_ gateway: GatewayProcess) throws -> Set<String> {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print("\\n".join(sorted({row[0] for row in db.execute("SELECT clientAddress FROM audit_event")})))
            """
        let result = try CommandResult.run("/usr/bin/python3", ["-c", script, gateway.dataDir + "/catalog.sqlite"])
        #expect(result.status == 0, "\(result.stderr)")
        return Set(result.lines)
    }
}
