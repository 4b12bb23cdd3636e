import Foundation
import Testing

/// The public development key of `Config/dev-keys.yaml` (`dev-demo`) signs nothing on a plain `gateway serve`, even
/// on loopback; `gateway serve --demo` (what `make serve` runs) accepts it.
@Suite struct DemoModeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A link for `asset` signed with the public development key, computed as any OPAC would (README, in Python).
    func devLink(base: String, asset: String) throws -> String {
        let script = """
            import base64, hashlib, hmac, sys, time, urllib.parse
            base, asset = sys.argv[1], sys.argv[2]
            secret = "P_JGTmCdToWITV2df5rv9Szv7VoDSCvnu78QTun9Kxc"
            exp = int(time.time()) + 600
            canonical = "\\n".join(["v1", asset, "anyone", "demo-library", "download", str(exp), ""])
            key = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
            sig = base64.urlsafe_b64encode(hmac.new(key, canonical.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
            q = {"sub": "anyone", "lib": "demo-library", "act": "download", "exp": exp, "kid": "dev-demo", "sig": sig}
            print(f"{base}/assets/{asset}/content?" + urllib.parse.urlencode(q))
            """
        let result = try CommandResult.run("/usr/bin/python3", ["-c", script, base, asset])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(result.lines.first)
    }

    func status(_ url: String) throws -> String {
        try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
    }

    @Test func plainServeRefusesTheDevelopmentKey() throws {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_DEV_KEYS_FILE"] = Self.root + "/Config/dev-keys.yaml"
        let file = gateway.makeFile(named: "x.pdf", size: 1_000)
        let asset = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "demo-library", "--rights", "open"]).lines.first)
        try gateway.start()
        #expect(try status(try devLink(base: gateway.baseURL, asset: asset)) == "401")
    }

    @Test func demoServeAcceptsIt() throws {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_DEV_KEYS_FILE"] = Self.root + "/Config/dev-keys.yaml"
        gateway.serveArguments = ["--demo"]
        let file = gateway.makeFile(named: "y.pdf", size: 1_000)
        let asset = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "demo-library", "--rights", "open"]).lines.first)
        try gateway.start()
        #expect(try status(try devLink(base: gateway.baseURL, asset: asset)) == "200")
        let log = try String(contentsOfFile: gateway.stderrPath, encoding: .utf8)
        #expect(log.contains("demo mode"))
    }

    @Test func demoServeRefusesToStartBehindAProxy() throws {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_DEV_KEYS_FILE"] = Self.root + "/Config/dev-keys.yaml"
        gateway.extraEnvironment["GATEWAY_TRUSTED_PROXIES"] = "127.0.0.1/32"
        gateway.serveArguments = ["--demo"]
        #expect(throws: CommandFailed.self) { try gateway.start() }
        let log = try String(contentsOfFile: gateway.stderrPath, encoding: .utf8)
        #expect(log.contains("cannot run behind a proxy"), "\(log)")
    }
}
