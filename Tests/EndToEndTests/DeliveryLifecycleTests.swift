import Foundation
import Testing

/// Interlibrary deliveries end to end with the real binary: the partner API, the patron's landing page and download,
/// the counting rule, revocation, and bad input.
@Suite struct DeliveryLifecycleTests {
    static let deliveryPolicy = """
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
          - id: embargoed
            effect: deny
            actions: all
            subjects: anyone
            assets: { embargoed: true }
        """

    struct Setup {
        let gateway: GatewayProcess
        let asset: String
        let key: String
        let otherKey: String
        let admin: String
        let fileSize: Int
    }

    func setUp(fileSize: Int = 300_000) throws -> Setup {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.deliveryPolicy)
        let file = gateway.makeFile(named: "哈尔滨地方志.pdf", size: fileSize)
        let asset = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright", "--title", "哈尔滨地方志 第三卷"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        let otherKey = try #require(try gateway.run(["keys", "add", "--library", "mudanjiang"]).lines.first)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        try gateway.start()
        return Setup(gateway: gateway, asset: asset, key: key, otherKey: otherKey, admin: admin, fileSize: fileSize)
    }

    /// `curl` with a bearer key; returns (status, body).
    func call(_ setup: Setup, _ method: String, _ path: String, key: String? = nil, json: String? = nil) throws -> (Int, String) {
        var arguments = ["-X", method, "-w", "\n%{http_code}"]
        if let key { arguments += ["-H", "Authorization: Bearer \(key)"] }
        if let json { arguments += ["-H", "Content-Type: application/json", "--data-binary", json] }
        let result = try CommandResult.curl(arguments + [setup.gateway.baseURL + path])
        var lines = result.text.components(separatedBy: "\n")
        let status = Int(lines.removeLast()) ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func deliver(_ setup: Setup, _ json: String) throws -> [String: Any] {
        let (status, body) = try call(setup, "POST", "/deliveries", key: setup.key, json: json)
        #expect(status == 201, "\(body)")
        return try object(body)
    }

    /// The path of a delivery link (`/d/…`).
    func linkPath(_ created: [String: Any]) throws -> String {
        let link = try #require(created["link"] as? String)
        return String(link[try #require(link.range(of: "/d/")).lowerBound...])
    }

    @Test func lifecycleFromRequestToRevocation() throws {
        let setup = try setUp()
        // Beyond the policy's caps: capped, and the answer says the values used.
        let created = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-1024","name":"王小明","email":"wang@example.cn"},"note":"ILL 2026-118","ttl_days":90,"max_downloads":10}"#)
        #expect(created["max_downloads"] as? Int == 5)
        #expect(created["ttl_days"] as? Int == 30)
        let capped = try #require(created["capped"] as? [String: Bool])
        #expect(capped == ["ttl_days": true, "max_downloads": true])
        let id = try #require(created["id"] as? String)
        // The link is absolute and points at the port the server really listens on (it was started with port 0).
        #expect((created["link"] as? String)?.hasPrefix(setup.gateway.baseURL + "/d/") == true)
        let path = try linkPath(created)
        let token = String(path.dropFirst(3))
        #expect(token.count == 43)
        let expires = try #require(created["expires_at"] as? String)
        let expiry = try #require(ISO8601DateFormatter().date(from: expires))
        #expect(abs(expiry.timeIntervalSinceNow - 30 * 86_400) < 120)
        // The token is stored only as a hash.
        let catalog = try Data(contentsOf: URL(fileURLWithPath: setup.gateway.dataDir + "/catalog.sqlite"))
        #expect(catalog.range(of: Data(token.utf8)) == nil)

        // The patron's page, Chinese by default, English on request; no download is counted for looking.
        let page = try CommandResult.curl(["-w", "\n%{http_code}", setup.gateway.baseURL + path]).text
        #expect(page.hasSuffix("\n200"))
        #expect(page.contains("哈尔滨地方志 第三卷"))
        #expect(page.contains("lang=\"zh"))
        let english = try CommandResult.curl(["-H", "Accept-Language: en-GB,en;q=0.9", setup.gateway.baseURL + path]).text
        #expect(english.contains("lang=\"en\""))
        #expect(english.contains("Download"))

        // A viewer's many range requests from one client are one download.
        for range in ["0-65535", "65536-131071", "200000-299999", "-100"] {
            let status = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", range, setup.gateway.baseURL + path + "/content"]).text
            #expect(status == "206")
        }
        let whole = try CommandResult.curl([setup.gateway.baseURL + path + "/content?download=1"])
        #expect(whole.stdout.count == setup.fileSize)
        var (status, body) = try call(setup, "GET", "/deliveries/\(id)", key: setup.key)
        #expect(status == 200)
        var record = try object(body)
        #expect(record["downloads_used"] as? Int == 1)
        #expect(record["downloads_left"] as? Int == 4)
        #expect(record["state"] as? String == "active")
        #expect(record["last_access_at"] as? String != nil)
        #expect((record["patron"] as? [String: Any])?["name"] as? String == "王小明")

        // Another library neither sees nor revokes it.
        #expect(try call(setup, "GET", "/deliveries/\(id)", key: setup.otherKey).0 == 404)
        #expect(try call(setup, "DELETE", "/deliveries/\(id)", key: setup.otherKey).0 == 404)
        let (_, othersList) = try call(setup, "GET", "/deliveries", key: setup.otherKey)
        #expect(!othersList.contains(id))
        let (_, ownList) = try call(setup, "GET", "/deliveries", key: setup.key)
        #expect(ownList.contains(id))
        #expect(try setup.gateway.run(["deliveries", "list"]).text.contains("\(id)\tqiqihar\t\(setup.asset)\tR-1024\tactive\t1/5"))

        // Revoked: at once, the link answers 410 with a page that names the library to contact.
        (status, body) = try call(setup, "DELETE", "/deliveries/\(id)", key: setup.key)
        #expect(status == 200)
        record = try object(body)
        #expect(record["state"] as? String == "revoked")
        let gone = try CommandResult.curl(["-w", "\n%{http_code}", setup.gateway.baseURL + path]).text
        #expect(gone.hasSuffix("\n410"))
        #expect(gone.contains("qiqihar") || gone.contains("齐齐哈尔"))
        let goneContent = try CommandResult.curl(["-w", "\n%{http_code}", setup.gateway.baseURL + path + "/content"]).text
        #expect(goneContent.hasSuffix("\n410"))
        #expect(goneContent.contains("\"code\":\"delivery_revoked\""))
        // The browser following the download button gets the page, not JSON.
        let goneForBrowser = try CommandResult.curl(["-H", "Accept: text/html", "-w", "\n%{http_code}", setup.gateway.baseURL + path + "/content"]).text
        #expect(goneForBrowser.hasSuffix("\n410") && goneForBrowser.contains("<html"))
    }

    @Test func badRequestsGetPreciseAnswers() throws {
        let setup = try setUp(fileSize: 10_000)
        func post(_ json: String, key: String?) throws -> (Int, String) { try call(setup, "POST", "/deliveries", key: key, json: json) }
        let good = #"{"asset":"\#(setup.asset)","patron":{"id":"R-1"}}"#
        #expect(try post(good, key: nil).0 == 401)
        #expect(try post(good, key: "gwk_forged_key").0 == 401)
        #expect(try post(good, key: setup.admin).0 == 403)
        #expect(try post(#"{"asset":"\#(setup.asset)","patron":{"id":"R-1"},"ttl_days":0}"#, key: setup.key).1.contains("invalid_ttl_days"))
        #expect(try post(#"{"asset":"\#(setup.asset)","patron":{"id":"R-1"},"max_downloads":-3}"#, key: setup.key).0 == 400)
        #expect(try post(#"{"asset":"\#(setup.asset)","patron":{"id":""}}"#, key: setup.key).0 == 400)
        #expect(try post(#"{"asset":"\#(setup.asset)","patron":{"id":"R-1"},"ttl_days":"ten"}"#, key: setup.key).1.contains("ttl_days"))
        #expect(try post(#"{"asset":"\#(setup.asset)"}"#, key: setup.key).1.contains("patron"))
        #expect(try post("not json", key: setup.key).0 == 400)
        #expect(try post(#"{"asset":"nosuchitem","patron":{"id":"R-1"}}"#, key: setup.key).0 == 404)
        #expect(try post(#"{"asset":"../../etc","patron":{"id":"R-1"}}"#, key: setup.key).0 == 400)
        // Within the caps: the values asked for, nothing capped.
        let created = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-1"},"ttl_days":7,"max_downloads":2}"#)
        #expect(created["ttl_days"] as? Int == 7 && created["max_downloads"] as? Int == 2)
        #expect(created["capped"] as? [String: Bool] == ["ttl_days": false, "max_downloads": false])
        // An embargoed item cannot be delivered.
        let embargoedFile = setup.gateway.makeFile(named: "e.pdf", size: 5_000)
        let embargoed = try #require(try setup.gateway.run(["ingest", embargoedFile, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright", "--embargo-until", "2099-01-01"]).lines.first)
        #expect(try post(#"{"asset":"\#(embargoed)","patron":{"id":"R-1"}}"#, key: setup.key).0 == 403)
        // Unknown, malformed and very long tokens.
        for token in ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", String(repeating: "x", count: 5_000), "%00%2e%2e"] {
            #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + "/d/\(token)"]).text == "404")
            #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + "/d/\(token)/content"]).text == "404")
        }
        // Unknown delivery ids.
        #expect(try call(setup, "GET", "/deliveries/dlv_nosuchdelivery", key: setup.key).0 == 404)
        #expect(try setup.gateway.run(["deliveries", "revoke", "dlv_nosuchdelivery"]).status != 0)
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + "/healthz"]).text == "200")
    }

    @Test func fiftyParallelDownloadsAgainstFiveCountExactlyFive() throws {
        let setup = try setUp(fileSize: 100_000)
        let created = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-50"},"max_downloads":5}"#)
        let url = setup.gateway.baseURL + (try linkPath(created)) + "/content"
        let script = (0..<50).map { i in
            "curl -s -o /dev/null -w '%{http_code}\\n' --interface 127.0.1.\(10 + i) '\(url)' &"
        }.joined(separator: "\n") + "\nwait\n"
        let statuses = try CommandResult.run("/bin/bash", ["-c", script]).lines
        #expect(statuses.count == 50)
        #expect(statuses.filter { $0 == "200" }.count == 5)
        #expect(statuses.filter { $0 == "410" }.count == 45)
        let id = try #require(created["id"] as? String)
        let record = try object(try call(setup, "GET", "/deliveries/\(id)", key: setup.key).1)
        #expect(record["downloads_used"] as? Int == 5)
        #expect(record["state"] as? String == "exhausted")
        // Revoked from the shell (another process): the link stops within two seconds.
        let other = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-51"}}"#)
        let otherURL = setup.gateway.baseURL + (try linkPath(other)) + "/content"
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", "0-9", otherURL]).text == "206")
        #expect(try setup.gateway.run(["deliveries", "revoke", try #require(other["id"] as? String)]).status == 0)
        var afterRevoke = ""
        for _ in 0..<30 {
            afterRevoke = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", "0-9", otherURL]).text
            if afterRevoke == "410" { break }
            usleep(100_000)
        }
        #expect(afterRevoke == "410")
        // A new client gets the page saying the downloads are used up.
        let page = try CommandResult.curl(["--interface", "127.0.1.250", "-w", "\n%{http_code}", setup.gateway.baseURL + (try linkPath(created))]).text
        #expect(page.hasSuffix("\n410"))
    }

    @Test func revokingDuringADownloadStopsFurtherStarts() throws {
        let setup = try setUp(fileSize: 6_000_000)
        let created = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-9"}}"#)
        let id = try #require(created["id"] as? String)
        let url = setup.gateway.baseURL + (try linkPath(created)) + "/content"
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let output = setup.gateway.dataDir + "/partial.bin"
        slow.arguments = ["-s", "-o", output, "-w", "%{http_code} %{size_download}", "--limit-rate", "1M", url]
        let pipe = Pipe()
        slow.standardOutput = pipe
        try slow.run()
        usleep(500_000)
        #expect(try call(setup, "DELETE", "/deliveries/\(id)", key: setup.key).0 == 200)
        // No further start, not even from the client whose download is under way.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-r", "0-99", url]).text == "410")
        slow.waitUntilExit()
        // The download under way finished whole (its bytes were already promised) and the server is still up.
        let summary = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(summary == "200 \(setup.fileSize)")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + "/healthz"]).text == "200")
    }

    @Test func openAPIDescriptionIsServed() throws {
        let setup = try setUp(fileSize: 1_000)
        let spec = try CommandResult.curl(["-i", setup.gateway.baseURL + "/openapi.yaml"]).text
        #expect(spec.hasPrefix("HTTP/1.1 200"))
        #expect(spec.contains("openapi: 3.1"))
        #expect(spec.contains("/deliveries"))
    }

    /// Moves a delivery's expiry into the past straight in the catalog (the clock cannot be turned in a test).
    func expire(_ setup: Setup, id: String, daysAgo: Int) throws {
        let millis = Int64((Date().timeIntervalSince1970 - Double(daysAgo) * 86_400) * 1000)
        let script = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE delivery SET expiresAt=? WHERE id=?', (int(sys.argv[2]), sys.argv[3])); c.commit()"
        let run = try CommandResult.run("/usr/bin/env", ["python3", "-c", script, setup.gateway.dataDir + "/catalog.sqlite", String(millis), id])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func expiredLinksAnswer410AndOldDeliveriesArePurgedKeepingTheCounts() throws {
        let setup = try setUp(fileSize: 20_000)
        let created = try deliver(setup, #"{"asset":"\#(setup.asset)","patron":{"id":"R-3","name":"张三","email":"z@example.cn"}}"#)
        let id = try #require(created["id"] as? String)
        let path = try linkPath(created)
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + path + "/content"]).text == "200")
        try expire(setup, id: id, daysAgo: 1)
        usleep(1_100_000)  // past the one second a delivery row is reused between requests
        let page = try CommandResult.curl(["-H", "Accept-Language: en", "-w", "\n%{http_code}", setup.gateway.baseURL + path]).text
        #expect(page.hasSuffix("\n410"))
        #expect(page.contains("data-reason=\"expired\""))
        let content = try CommandResult.curl(["-w", "\n%{http_code}", setup.gateway.baseURL + path + "/content"]).text
        #expect(content.hasSuffix("\n410") && content.contains("delivery_expired"))
        #expect(try object(try call(setup, "GET", "/deliveries/\(id)", key: setup.key).1)["state"] as? String == "expired")
        // The counts as the server leaves them when it stops (it writes the usage sessions still open then).
        setup.gateway.stop()
        let before = try setup.gateway.run(["stats", "--from", "2000-01-01", "--to", "2100-01-01", "--by", "library", "--csv"]).text
        #expect(before.contains("qiqihar,"), "\(before)")

        // Ended longer ago than delivery_retention_days (90): purged at the next start; the usage counts stay.
        try expire(setup, id: id, daysAgo: 91)
        try setup.gateway.start()
        var purged = false
        for _ in 0..<50 {
            purged = try call(setup, "GET", "/deliveries/\(id)", key: setup.key).0 == 404
            if purged { break }
            usleep(100_000)
        }
        #expect(purged)
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", setup.gateway.baseURL + path]).text == "404")
        // Gone from the disk too: neither the database nor its write-ahead log holds the patron's details.
        for file in ["catalog.sqlite", "catalog.sqlite-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: setup.gateway.dataDir + "/" + file))) ?? Data()
            #expect(bytes.range(of: Data("z@example.cn".utf8)) == nil, "patron details left in \(file)")
        }
        #expect(try setup.gateway.run(["stats", "--from", "2000-01-01", "--to", "2100-01-01", "--by", "library", "--csv"]).text == before)
    }
}
