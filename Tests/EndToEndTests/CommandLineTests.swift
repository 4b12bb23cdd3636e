import Foundation
import Testing

/// The command-line contract (README; docs/ARCHITECTURE.md): ids on stdout, one-line reasons on stderr, non-zero exits, nothing
/// written on failure.
@Suite struct CommandLineTests {
    @Test func ingestOfBadFilesFailsCleanlyAndWritesNothing() throws {
        let gateway = try GatewayProcess()
        let empty = gateway.dataDir + "/empty.pdf"
        FileManager.default.createFile(atPath: empty, contents: Data())
        for (file, words) in [(gateway.dataDir + "/missing.pdf", "no such file"), (empty, "empty"), (gateway.dataDir, "not a regular file")] {
            let result = try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(words), "\(result.stderr)")
        }
        #expect(try gateway.run(["assets", "list", "--ids"]).stdout.isEmpty)
        let blobs = FileManager.default.enumerator(atPath: gateway.dataDir + "/blobs")?.allObjects as? [String] ?? []
        #expect(blobs == ["tmp"])
    }

    @Test func ingestPrintsOneIdPerFileAndStoresDuplicatesOnce() throws {
        let gateway = try GatewayProcess()
        let a = gateway.makeFile(named: "a.pdf", size: 10_000)
        let b = gateway.dataDir + "/b.pdf"
        try FileManager.default.copyItem(atPath: a, toPath: b)
        let result = try gateway.run(["ingest", a, b, "--collection", "gov-info", "--owner", "qiqihar", "--rights", "open"])
        #expect(result.status == 0)
        #expect(result.lines.count == 2)
        #expect(Set(result.lines).count == 2)
        let listed = try gateway.run(["assets", "list", "--ids"]).lines
        #expect(Set(listed) == Set(result.lines))
        let show = try gateway.run(["assets", "show", result.lines[0]])
        #expect(show.text.contains("\"collection\" : \"gov-info\""))
    }

    @Test func unknownRightsAndBadConfigAreOneLineErrors() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "c.pdf", size: 100)
        let rights = try gateway.run(["ingest", file, "--collection", "x", "--owner", "y", "--rights", "free"])
        #expect(rights.status != 0)
        #expect(rights.stderr.contains("unknown rights 'free'"))
        let config = try gateway.run(["assets", "list", "--config", gateway.dataDir + "/nope.yaml"])
        #expect(config.status != 0)
        #expect(config.stderr.contains("no such configuration file"))
    }

    @Test func demoSeedPrintsIdsAndMintsWorkingLinks() throws {
        let gateway = try GatewayProcess()
        let seeded = try gateway.run(["demo", "seed"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.lines.count >= 2)
        let again = try gateway.run(["demo", "seed"])
        #expect(again.status != 0)
        #expect(try gateway.run(["demo", "seed", "--skip-if-seeded"]).status == 0)
        try gateway.start()
        let link = try gateway.run(["link", "--asset", seeded.lines[0], "--subject", "demo-patron", "--library", "demo-library", "--action", "read", "--ttl", "60"])
        #expect(link.status == 0)
        let pdf = try CommandResult.curl(["-f", try #require(link.lines.first)])
        #expect(pdf.status == 0)
        #expect(pdf.stdout.starts(with: Data("%PDF-".utf8)))
    }

    @Test func linkForUnknownAssetOrLibraryWithoutKeyFails() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "d.pdf", size: 100)
        let id = try gateway.run(["ingest", file, "--collection", "x", "--owner", "y", "--rights", "open"]).lines[0]
        let unknown = try gateway.run(["link", "--asset", "nosuchasset", "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "60"])
        #expect(unknown.status != 0)
        let noKey = try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "60"])
        #expect(noKey.status != 0)
        #expect(noKey.stderr.contains("keys add-signing"))
    }
}
