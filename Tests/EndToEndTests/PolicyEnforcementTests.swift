import Foundation
import Testing

/// Every request that serves bytes is decided by the policy in force, and the running gateway follows edits to the
/// policy files by itself; a broken edit never takes effect.
@Suite(.serialized) struct PolicyEnforcementTests {
    static let shippedPolicies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/Policies"

    func code(_ url: String) throws -> String {
        try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
    }

    @Test func shippedPoliciesDecideDownloadsOfInCopyrightDocuments() throws {
        let gateway = try GatewayProcess()
        try FileManager.default.removeItem(atPath: gateway.policiesDir + "/10-test.yaml")
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.shippedPolicies) where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: Self.shippedPolicies + "/" + name, toPath: gateway.policiesDir + "/" + name)
        }
        let file = gateway.makeFile(named: "local.pdf", size: 5000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "qiqihar"])
        try gateway.start()
        func link(_ action: String) throws -> String {
            try #require(try gateway.run(["link", "--asset", id, "--subject", "p1", "--library", "qiqihar", "--action", action, "--ttl", "600"]).lines.first)
        }
        // A member library's patron may read in-copyright local documents, but download them only in a reading room.
        #expect(try code(try link("read")) == "200")
        let denied = try CommandResult.curl([try link("download")]).text
        #expect(denied.contains("\"code\":\"no_matching_rule\"") || denied.contains("\"code\":\"denied_by_policy\""))
        #expect(!denied.contains("members-"), "a patron never sees rule ids")
        #expect(try code(try link("download")) == "403")
    }

    @Test func editsApplyWithinSecondsAndBrokenEditsKeepTheLastGoodSet() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "gov.pdf", size: 5000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        let url = try #require(try gateway.run(["link", "--asset", id, "--subject", "p1", "--library", "harbin", "--action", "read", "--ttl", "600"]).lines.first)
        #expect(try code(url) == "200")
        // Narrow the policy: only gov-info for admins. Within two seconds the patron is refused.
        gateway.writePolicy("rules:\n  - id: admins-only\n    effect: allow\n    actions: all\n    subjects: { kinds: [admin] }\n")
        var status = ""
        for _ in 0..<30 {
            status = try code(url)
            if status == "403" { break }
            usleep(100_000)
        }
        #expect(status == "403")
        // A broken edit is reported in the log and never takes effect: the last good set (admins only) stays.
        gateway.writePolicy("rules:\n  - id: oops\n    effect: alow\n    actions: all\n    subjects: anyone\n")
        usleep(2_500_000)
        #expect(try code(url) == "403")
        let log = try String(contentsOfFile: gateway.stderrPath, encoding: .utf8)
        #expect(log.contains("10-test.yaml:3:13: unknown effect 'alow'"))
        // Fixing it applies again.
        gateway.writePolicy(GatewayProcess.allowEverything)
        for _ in 0..<30 {
            status = try code(url)
            if status == "200" { break }
            usleep(100_000)
        }
        #expect(status == "200")
    }
}
