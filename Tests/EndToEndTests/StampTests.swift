import Foundation
import Testing

/// Policy `stamp` end to end: a delivered or linked PDF leaves as the reader's own copy (cover page, watermark on
/// every page), checked with qpdf, pdftotext, pdfinfo and pdffonts; ranges and If-Range work on it; keys still get
/// the original; a PDF that cannot be stamped is refused, never sent bare.
@Suite(.serialized) struct StampTests {
    /// Beside GatewayProcess's allow-everything rule: what is stamped.
    static let policy = """
        rules:
          - id: stamped-delivery
            effect: allow
            actions: [deliver]
            subjects: { kinds: [library] }
            assets: { media_kinds: [pdf] }
            limits: { stamp: cover, delivery_max_downloads: 5 }
          - id: stamped-delivery-watermark
            effect: allow
            actions: [deliver]
            subjects: { kinds: [library] }
            assets: { media_kinds: [pdf] }
            limits: { stamp: watermark }
          - id: stamped-links
            effect: allow
            actions: [read, download]
            subjects: { kinds: [patron] }
            assets: { media_kinds: [pdf] }
            limits: { stamp: watermark }
        """

    struct Setup {
        let gateway: GatewayProcess
        let pdfID: String
        let key: String
        let original: Data
    }

    func setUp() throws -> Setup {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy, name: "20-stamp.yaml")
        let seeded = try gateway.run(["demo", "seed"])
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let pdfID = try #require(seeded.lines.first)
        let key = try #require(try gateway.run(["keys", "add", "--library", "demo-library"]).lines.first)
        try gateway.start()
        // A member library's key gets the original.
        let original = try CommandResult.curl(["-sf", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(pdfID)/content"]).stdout
        #expect(original.starts(with: Data("%PDF".utf8)))
        return Setup(gateway: gateway, pdfID: pdfID, key: key, original: original)
    }

    func tool(_ name: String, _ arguments: [String]) throws -> CommandResult {
        try CommandResult.run("/usr/bin/" + name, arguments)
    }

    func pages(_ path: String) throws -> Int {
        let info = try tool("pdfinfo", [path]).text
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") })
        return try #require(Int(line.split(separator: " ").last ?? ""))
    }

    func text(_ path: String, page: Int) throws -> String {
        try tool("pdftotext", ["-f", String(page), "-l", String(page), "-enc", "UTF-8", path, "-"]).text
    }

    @Test func aDeliveredPDFCarriesTheCoverAndTheReadersNameOnEveryPage() throws {
        let setup = try setUp()
        let gateway = setup.gateway
        let made = try CommandResult.curl([
            "-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(setup.key)", "-H", "Content-Type: application/json", "--data-binary",
            #"{"asset":"\#(setup.pdfID)","patron":{"id":"R-102424","name":"王小明"}}"#, gateway.baseURL + "/deliveries",
        ]).text
        #expect(made.hasSuffix("\n201"), "\(made)")
        let created = try #require(try JSONSerialization.jsonObject(with: Data(made.split(separator: "\n").dropLast().joined(separator: "\n").utf8)) as? [String: Any])
        let deliveryID = try #require(created["id"] as? String)
        let link = try #require(created["link"] as? String)
        let path = String(link[try #require(link.range(of: "/d/")).lowerBound...]) + "/content"
        let content = gateway.baseURL + path
        let file = gateway.dataDir + "/delivered.pdf"
        #expect(try CommandResult.curl(["-sf", "-D", gateway.dataDir + "/h1", "-o", file, content]).status == 0)
        let stamped = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(stamped != setup.original, "the original never leaves through a delivery whose policy stamps it")
        // A valid PDF: qpdf's structural check, one page more than the original (the cover).
        let check = try tool("qpdf", ["--check", file])
        #expect(check.status == 0, "\(check.text)\(check.stderr)")
        let originalPath = gateway.dataDir + "/original.pdf"
        try setup.original.write(to: URL(fileURLWithPath: originalPath))
        let originalPages = try pages(originalPath)
        #expect(try pages(file) == originalPages + 1)
        // The cover names the reader (masked card), the delivery, the libraries; every page names the reader.
        let cover = try text(file, page: 1)
        for field in ["文献传递版权声明", "王小明", "R-****24", deliveryID, "示例图书馆", "著作权法"] {
            #expect(cover.contains(field), "cover lacks \(field): \(cover)")
        }
        #expect(!cover.contains("R-102424"))
        for page in 2...(originalPages + 1) {
            let words = try text(file, page: page)
            #expect(words.contains("王小明") && words.contains(deliveryID), "page \(page): \(words.suffix(300))")
        }
        // The font travels with the file: embedded, subset, with a ToUnicode map.
        let fonts = try tool("pdffonts", [file]).text
        #expect(fonts.split(separator: "\n").contains { $0.contains("CID TrueType") && $0.contains(" yes yes yes ") }, "\(fonts)")
        // Ranges and resumption on the stamped copy: the same bytes as slicing it, the same strong ETag again.
        let range = try CommandResult.curl(["-sf", "-r", "1000-1999", content]).stdout
        #expect(range == stamped.subdata(in: 1000..<2000))
        let etag = try String(contentsOfFile: gateway.dataDir + "/h1", encoding: .utf8).split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("etag:") }.map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) } ?? ""
        #expect(etag.hasPrefix("\""))
        let resumed = try CommandResult.curl(["-s", "-w", "%{http_code}", "-o", "/dev/null", "-r", "2000-", "-H", "If-Range: \(etag)", content]).text
        #expect(resumed == "206")
        // Made again from nothing (the disk tier emptied, the server restarted): byte-identical.
        gateway.stop()
        try FileManager.default.removeItem(atPath: gateway.dataDir + "/cache")
        try gateway.start()
        let again = try CommandResult.curl(["-s", "-w", "%{http_code}", "-o", gateway.dataDir + "/again.pdf", gateway.baseURL + path])
        #expect(again.text == "200")
        #expect(try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/again.pdf")) == stamped)
    }

    @Test func aSignedLinkGetsTheWatermarkedCopyEvenOnTheFastPath() throws {
        let setup = try setUp()
        let gateway = setup.gateway
        let link = try #require(try gateway.run(["link", "--asset", setup.pdfID, "--subject", "reader-77", "--library", "demo-library", "--action", "download", "--ttl", "600"]).lines.first)
        // Twice on one connection: the second request would be the fast path's if it were allowed to answer.
        let both = try CommandResult.curl(["-sf", link, "-o", gateway.dataDir + "/a.pdf", "--next", "-sf", link, "-o", gateway.dataDir + "/b.pdf"])
        #expect(both.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/a.pdf"))
        let b = try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/b.pdf"))
        #expect(a == b && a != setup.original)
        let originalPath = gateway.dataDir + "/original.pdf"
        try setup.original.write(to: URL(fileURLWithPath: originalPath))
        // Watermark only: no cover page, the reader's name on every page.
        #expect(try pages(gateway.dataDir + "/a.pdf") == pages(originalPath))
        for page in 1...(try pages(originalPath)) {
            #expect(try text(gateway.dataDir + "/a.pdf", page: page).contains("reader-77"))
        }
        // Another reader gets another copy.
        let other = try #require(try gateway.run(["link", "--asset", setup.pdfID, "--subject", "reader-78", "--library", "demo-library", "--action", "download", "--ttl", "600"]).lines.first)
        let otherCopy = try CommandResult.curl(["-sf", other]).stdout
        #expect(otherCopy != a)
        #expect(try tool("pdftotext", [gateway.dataDir + "/a.pdf", "-"]).text.contains("reader-78") == false)
    }

    @Test func aPDFThatCannotBeStampedIsRefusedNeverSentBare() throws {
        let setup = try setUp()
        let gateway = setup.gateway
        let originalPath = gateway.dataDir + "/plain.pdf", locked = gateway.dataDir + "/locked.pdf"
        try setup.original.write(to: URL(fileURLWithPath: originalPath))
        // Encrypted with an open password: nobody can stamp it.
        #expect(try tool("qpdf", ["--encrypt", "secret", "owner", "256", "--", originalPath, locked]).status == 0)
        let lockedID = try #require(try gateway.run(["ingest", locked, "--collection", "local-docs", "--owner", "demo-library", "--rights", "in-copyright"]).lines.first)
        let refused = try CommandResult.curl([
            "-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(setup.key)", "-H", "Content-Type: application/json", "--data-binary",
            #"{"asset":"\#(lockedID)","patron":{"id":"R-1","name":"李四"}}"#, gateway.baseURL + "/deliveries",
        ]).text
        #expect(refused.hasSuffix("\n422"), "\(refused)")
        #expect(refused.contains("stamp_failed") && refused.lowercased().contains("password"), "\(refused)")
        #expect(try gateway.run(["deliveries", "list"]).lines.isEmpty, "no delivery was made")
        let link = try #require(try gateway.run(["link", "--asset", lockedID, "--subject", "p", "--library", "demo-library", "--action", "download", "--ttl", "600"]).lines.first)
        let answer = try CommandResult.curl(["-s", "-w", "\n%{http_code}", link]).text
        #expect(answer.hasSuffix("\n422") && answer.contains("stamp_failed"), "\(answer.suffix(300))")
        #expect(try CommandResult.curl(["-sf", "-H", "Authorization: Bearer \(setup.key)", gateway.baseURL + "/assets/\(lockedID)/content"]).stdout
            == (try Data(contentsOf: URL(fileURLWithPath: locked))), "the library's key still gets its own file")
    }

    @Test func aLargePDFIsStampedInTheBackgroundWhileTheViewerPolls() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy, name: "20-stamp.yaml")
        // Every PDF counts as large here: stamped in the background, 202 until the copy is ready.
        gateway.extraEnvironment = ["GATEWAY_STAMP_INLINE_BYTES": "1000"]
        let pdfID = try #require(try gateway.run(["demo", "seed"]).lines.first)
        let original = gateway.dataDir + "/plain.pdf", locked = gateway.dataDir + "/locked.pdf"
        try gateway.start()
        let key = try #require(try gateway.run(["keys", "add", "--library", "demo-library"]).lines.first)
        try CommandResult.curl(["-sf", "-H", "Authorization: Bearer \(key)", gateway.baseURL + "/assets/\(pdfID)/content"]).stdout
            .write(to: URL(fileURLWithPath: original))
        let link = try #require(try gateway.run(["link", "--asset", pdfID, "--subject", "reader-9", "--library", "demo-library", "--action", "download", "--ttl", "600"]).lines.first)
        let first = try CommandResult.curl(["-s", "-D", "-", link]).text
        #expect(first.hasPrefix("HTTP/1.1 202") && first.contains("Retry-After:") && first.contains("\"percent\":"), "\(first.prefix(400))")
        var status = "202"
        for _ in 0..<100 where status == "202" {
            status = try CommandResult.curl(["-s", "-o", gateway.dataDir + "/copy.pdf", "-w", "%{http_code}", link]).text
            if status == "202" { usleep(200_000) }
        }
        #expect(status == "200")
        #expect(try text(gateway.dataDir + "/copy.pdf", page: 1).contains("reader-9"))
        // A PDF that cannot be stamped: polling ends in 422, never in the original.
        #expect(try tool("qpdf", ["--encrypt", "secret", "owner", "256", "--", original, locked]).status == 0)
        let lockedID = try #require(try gateway.run(["ingest", locked, "--collection", "local-docs", "--owner", "demo-library", "--rights", "in-copyright"]).lines.first)
        let lockedLink = try #require(try gateway.run(["link", "--asset", lockedID, "--subject", "reader-9", "--library", "demo-library", "--action", "download", "--ttl", "600"]).lines.first)
        status = "202"
        for _ in 0..<100 where status == "202" {
            status = try CommandResult.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", lockedLink]).text
            if status == "202" { usleep(200_000) }
        }
        #expect(status == "422")
    }

    @Test func aLibrarianPreviewsTheCopyBeforeSendingIt() throws {
        let setup = try setUp()
        let gateway = setup.gateway
        let preview = gateway.dataDir + "/preview.pdf"
        let result = try gateway.run([
            "deliveries", "add", "--asset", setup.pdfID, "--library", "demo-library", "--patron", "R-55501", "--name", "张三", "--preview", preview,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try tool("qpdf", ["--check", preview]).status == 0)
        let cover = try text(preview, page: 1)
        #expect(cover.contains("张三") && cover.contains("R-***01") && cover.contains("dlv_preview"), "\(cover)")
        #expect(try gateway.run(["deliveries", "list"]).lines.isEmpty, "a preview makes no delivery")
        // And the policy says what it stamps.
        let explained = try gateway.run(["policy", "explain", "--asset", setup.pdfID, "--subject", "demo-library", "--kind", "library", "--action", "deliver"]).text
        #expect(explained.contains("stamp: cover+watermark"), "\(explained)")
    }
}
