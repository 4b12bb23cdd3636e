import Foundation
import Testing

/// Real clients on the patron and partner sides: headless Chromium (Playwright) on a delivery's landing page, and
/// Schemathesis generating requests from `openapi.yaml` against the running gateway.
@Suite(.serialized) struct BrowserAndSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Demo {
        let gateway: GatewayProcess
        let key: String
        let pdf: String
        let video: String
        let ids: [String]
    }

    /// A gateway with the demo store (a PDF, a WAV and a 60 s H.264/AAC video) and a member library's key.
    func demo() throws -> Demo {
        let gateway = try GatewayProcess()
        // Delivered PDFs are stamped, as the shipped policy stamps in-copyright ones: the browser's viewer gets the copy.
        gateway.writePolicy("""
            rules:
              - id: stamped-deliveries
                effect: allow
                actions: [deliver]
                subjects: { kinds: [library] }
                assets: { media_kinds: [pdf] }
                limits: { stamp: cover+watermark }
            """, name: "20-stamp.yaml")
        let ids = try gateway.run(["demo", "seed"]).lines
        #expect(ids.count == 3)
        let key = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        let assets = try gateway.run(["assets", "list"]).lines
        func id(kind: String) throws -> String {
            try #require(assets.first { $0.contains("\t\(kind)\t") || $0.contains(" \(kind) ") }.map { String($0.prefix { !$0.isWhitespace }) },
                "no \(kind) in \(assets)")
        }
        try gateway.start()
        return Demo(gateway: gateway, key: key, pdf: try id(kind: "pdf"), video: try id(kind: "video"), ids: ids)
    }

    /// Delivers `asset` with `demo.key` and returns the token.
    func token(_ demo: Demo, asset: String) throws -> String {
        let answer = try CommandResult.curl([
            "-H", "Authorization: Bearer \(demo.key)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(asset)","patron":{"id":"R-77","name":"李华"}}"#, demo.gateway.baseURL + "/deliveries",
        ]).text
        let link = try #require(answer.components(separatedBy: "\"link\":\"").dropFirst().first?.components(separatedBy: "\"").first, "\(answer)")
        return String(try #require(link.components(separatedBy: "/d/").last))
    }

    @Test func chromiumPlaysAndSeeksTheVideoAndShowsThePDF() throws {
        let demo = try demo()
        let video = try token(demo, asset: demo.video)
        let pdf = try token(demo, asset: demo.pdf)
        let output = Self.root + "/.build/test-output/browser"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: output + "/landing.png")
        let run = try CommandResult.run(
            "/usr/bin/env", ["python3", Self.root + "/scripts/browser-test.py", demo.gateway.baseURL, "/d/\(video)", output, "/d/\(pdf)"])
        #expect(run.status == 0, "\(run.text)\n\(run.stderr)")
        // The screenshot of the page is kept with the test output.
        #expect(FileManager.default.fileExists(atPath: output + "/landing.png"))
        // What the viewer showed is the patron's stamped copy.
        let copy = output + "/delivered.pdf"
        #expect(try CommandResult.curl(["-sf", "-o", copy, demo.gateway.baseURL + "/d/\(pdf)/content"]).status == 0)
        #expect(try CommandResult.run("/usr/bin/pdftotext", [copy, "-"]).text.contains("李华"))
    }

    @Test func schemathesisFindsNoServerErrorsAndNoSchemaViolations() throws {
        let demo = try demo()
        let tokens = [try token(demo, asset: demo.pdf), try token(demo, asset: demo.video)]
        var environment = ProcessInfo.processInfo.environment
        environment["SCHEMATHESIS_ASSET_IDS"] = demo.ids.joined(separator: " ")
        environment["SCHEMATHESIS_DELIVERY_TOKENS"] = tokens.joined(separator: " ")
        environment["SCHEMATHESIS_REPORT_DIR"] = Self.root + "/.build/test-output/schemathesis"
        environment["SCHEMATHESIS_SEED"] = "20261129"
        let run = try CommandResult.run(
            Self.root + "/scripts/schemathesis-test", [demo.gateway.baseURL, demo.key], environment: environment)
        #expect(run.status == 0, "\(run.text.suffix(6000))\n\(run.stderr.suffix(2000))")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", demo.gateway.baseURL + "/healthz"]).text == "200")
    }
}
