import Foundation
import Testing

/// Member-library and administrator bearer keys, and the admin endpoints, against the real binary.
@Suite struct KeyAndAdminTests {
    @Test func libraryKeysFetchContentUntilRevoked() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "k.pdf", size: 4000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        #expect(key.hasPrefix("gwk_"))
        try gateway.start()
        let url = gateway.baseURL + "/assets/\(id)/content"
        let fetched = try CommandResult.curl(["-f", "-H", "Authorization: Bearer \(key)", "-r", "0-9", url])
        #expect(fetched.status == 0)
        #expect(fetched.stdout.count == 10)
        func code(_ headers: [String]) throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}"] + headers.flatMap { ["-H", $0] } + [url]).text
        }
        #expect(try code(["Authorization: Bearer gwk_nope_nope"]) == "401")
        #expect(try code(["Authorization: Bearer " + key.dropLast(2) + "xx"]) == "401")
        #expect(try code(["Authorization: Basic abc"]) == "401")
        // Only hashes are stored: the token appears nowhere in the data directory.
        let catalog = try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/catalog.sqlite"))
        #expect(catalog.range(of: Data(key.utf8)) == nil)
        let keyID = String(key.split(separator: "_")[1])
        #expect(try gateway.run(["keys", "list"]).text.contains("\(keyID)\tlibrary\tqiqihar\tlive"))
        #expect(try gateway.run(["keys", "revoke", keyID]).status == 0)
        #expect(try code(["Authorization: Bearer \(key)"]) == "401")
    }

    @Test func adminExplainAndReload() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "e.pdf", size: 4000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        let library = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        try gateway.start()
        let explain = gateway.baseURL + "/admin/explain?asset=\(id)&subject=p1&library=harbin&action=read"
        let answer = try CommandResult.curl(["-f", "-H", "Authorization: Bearer \(admin)", explain]).text
        #expect(answer.contains("\"allowed\":true"))
        #expect(answer.contains("\"rule\":\"tests-allow-everything\""))
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", explain]).text == "401")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(library)", explain]).text == "403")
        // A broken file: reload answers 422 with file:line:column errors and the old set stays.
        gateway.writePolicy("rules:\n  - id: x\n    effect: allow\n    actions: [red]\n    subjects: anyone\n", name: "20-broken.yaml")
        let reload = try CommandResult.curl(["-X", "POST", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(admin)", gateway.baseURL + "/admin/policies/reload"])
        #expect(reload.lines.last == "422")
        #expect(reload.text.contains("20-broken.yaml:4:15: unknown action 'red'"))
        let still = try CommandResult.curl(["-f", "-H", "Authorization: Bearer \(admin)", explain]).text
        #expect(still.contains("\"allowed\":true"))
    }
}
