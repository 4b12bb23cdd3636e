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

    @Test func aPolicyDirectoryThatDisappearsKeepsTheLastGoodSet() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "d.pdf", size: 5000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        try gateway.start()
        let url = gateway.baseURL + "/assets/\(id)/content"
        func status() throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", url]).text
        }
        #expect(try status() == "200")
        // The directory vanishes (a botched deployment): decisions stay as they were, the log and reload say why.
        let moved = gateway.dataDir + "/policies-moved"
        try FileManager.default.moveItem(atPath: gateway.policiesDir, toPath: moved)
        usleep(2_500_000)
        #expect(try status() == "200")
        let reload = try CommandResult.curl(["-X", "POST", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(admin)", gateway.baseURL + "/admin/policies/reload"])
        #expect(reload.lines.last == "422")
        #expect(reload.text.contains(gateway.policiesDir))
        // A file where the directory was (unreadable as a directory): the same.
        FileManager.default.createFile(atPath: gateway.policiesDir, contents: Data("not a directory".utf8))
        usleep(2_500_000)
        #expect(try status() == "200")
        // Back as a directory with an empty set: valid, everything denied, with a warning in the log.
        try FileManager.default.removeItem(atPath: gateway.policiesDir)
        try FileManager.default.moveItem(atPath: moved, toPath: gateway.policiesDir)
        gateway.writePolicy("rules: []\n")
        var emptied = ""
        for _ in 0..<30 {
            emptied = try status()
            if emptied == "403" { break }
            usleep(100_000)
        }
        #expect(emptied == "403")
        #expect(try String(contentsOfFile: gateway.stderrPath, encoding: .utf8).contains("every request will be denied"))
        let log = try String(contentsOfFile: gateway.stderrPath, encoding: .utf8)
        #expect(log.contains("policy not reloaded"))
    }

    @Test func metadataOfRefusedItemsIsRefusedLikeTheirBytes() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy("""
            rules:
              - id: harbin-reads-local-docs
                effect: allow
                actions: [read]
                subjects: { libraries: [harbin] }
                assets: { collections: [local-docs] }
              - id: embargoed
                effect: deny
                actions: all
                subjects: anyone
                assets: { embargoed: true }
            """)
        let file = gateway.makeFile(named: "meta.pdf", size: 5000)
        let open = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright", "--title", "公开的标题"]).lines.first)
        let other = gateway.makeFile(named: "secret.pdf", size: 5001)
        let embargoed = try #require(try gateway.run([
            "ingest", other, "--collection", "local-docs", "--owner", "harbin", "--rights", "restricted", "--title", "保密的标题",
            "--embargo-until", "2099-01-01",
        ]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        let harbinKey = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        let qiqiharKey = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try gateway.start()
        func metadata(_ id: String, key: String) throws -> (String, String) {
            let result = try CommandResult.curl(["-w", "\n%{http_code}", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(id)"]).text
            let parts = result.components(separatedBy: "\n")
            return (parts.last ?? "", parts.dropLast().joined(separator: "\n"))
        }
        let (allowed, body) = try metadata(open, key: harbinKey)
        #expect(allowed == "200")
        #expect(body.contains("公开的标题"))
        // Another library's key, allowed nothing here; the embargoed item, refused to everyone.
        for (id, key) in [(open, qiqiharKey), (embargoed, harbinKey), (embargoed, qiqiharKey)] {
            let (status, refused) = try metadata(id, key: key)
            #expect(status == "403")
            #expect(!refused.contains("标题") && !refused.contains("sha256") && !refused.contains("harbin"), "\(refused)")
        }
        // A link reaches the metadata its own action reaches.
        func link(_ id: String, _ action: String) throws -> String {
            let url = try #require(try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", action, "--ttl", "600"]).lines.first)
            return url.replacingOccurrences(of: "/content?", with: "?")
        }
        #expect(try code(try link(open, "read")) == "200")
        #expect(try code(try link(open, "download")) == "403")
        #expect(try code(try link(embargoed, "read")) == "403")
    }
}
