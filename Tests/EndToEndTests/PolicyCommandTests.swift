import Foundation
import Testing

/// `gateway policy check` and `gateway policy explain` as a librarian runs them.
@Suite struct PolicyCommandTests {
    @Test func shippedPoliciesPassTheCheck() throws {
        let gateway = try GatewayProcess()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try gateway.run(["policy", "check", root.path + "/Policies"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("no errors"))
    }

    @Test func brokenFilesReportEveryErrorWithPositionAndSuggestion() throws {
        let gateway = try GatewayProcess()
        let directory = gateway.dataDir + "/policies"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = "groups:\n  members: [harbin]\nrules:\n  - id: a\n    effect: alow\n    actions: [red]\n    subjects: { libraries: \"@membres\" }\n"
        FileManager.default.createFile(atPath: directory + "/20-members.yaml", contents: Data(text.utf8))
        let result = try gateway.run(["policy", "check", directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains("20-members.yaml:5:13: unknown effect 'alow' (did you mean 'allow'?)"))
        #expect(result.stderr.contains("20-members.yaml:6:15: unknown action 'red' (did you mean 'read'?)"))
        #expect(result.stderr.contains("did you mean '@members'?"))
    }

    @Test func explainNamesTheDecidingRule() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "gov.pdf", size: 1000)
        let id = try #require(try gateway.run(["ingest", file, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var env = gateway.environment
        env["GATEWAY_POLICIES_DIR"] = root.path + "/Policies"
        let result = try CommandResult.run(gateway.binary, ["policy", "explain", "--asset", id, "--subject", "p1", "--library", "harbin", "--action", "download"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("decision: allow by rule"))
        #expect(result.text.contains("rules considered:"))
    }
}
