import Foundation
import TestServers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A gateway whose blobs live in a real S3-compatible object store (SeaweedFS on loopback): ingest uploads, reads go
/// through slices cached on the node, and the store going away costs only what is not cached.
@Suite(.serialized) struct ObjectStorageTests {
    static let sliceBytes = 65_536

    /// The environment of a node whose blobs live in `seaweed`'s bucket `library-network` (under `prefix`), read in
    /// small slices so a test file spans many.
    static func environment(_ seaweed: SeaweedFS, prefix: String = "") -> [String: String] {
        [
            "GATEWAY_STORAGE": "s3://library-network" + (prefix.isEmpty ? "" : "/" + prefix),
            "GATEWAY_S3_ENDPOINT": seaweed.endpoint, "AWS_ACCESS_KEY_ID": seaweed.accessKey,
            "AWS_SECRET_ACCESS_KEY": seaweed.secretKey, "GATEWAY_SLICE_BYTES": String(sliceBytes),
        ]
    }

    struct Fixture {
        let seaweed: SeaweedFS
        let gateway: GatewayProcess
        let assetID: String
        let original: [UInt8]
        let url: String

        init(size: Int = 1 << 20 | 777) throws {
            seaweed = try SeaweedFS(buckets: ["library-network"])
            gateway = try GatewayProcess()
            gateway.extraEnvironment = ObjectStorageTests.environment(seaweed, prefix: "provincial")
            let path = gateway.makeFile(named: "县志.pdf", size: size)
            original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let ingest = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"])
            try #require(ingest.status == 0, "\(ingest.stderr)")
            assetID = try #require(ingest.lines.first)
            try #require(try gateway.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
            try gateway.start()
            let link = try gateway.run(["link", "--asset", assetID, "--subject", "patron-7", "--library", "harbin", "--action", "download", "--ttl", "600"])
            try #require(link.status == 0, "\(link.stderr)")
            url = try #require(link.lines.first)
        }

        /// Regular files under the node's local blob directory.
        func localBlobFiles() -> [String] {
            let root = gateway.dataDir + "/blobs"
            let names = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            return names.filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        }
    }

    @Test func bytesComeFromTheObjectStoreExactly() throws {
        let fixture = try Fixture()
        #expect(fixture.localBlobFiles().isEmpty, "the blob was stored on the node: \(fixture.localBlobFiles())")
        let whole = try CommandResult.curl(["-f", fixture.url])
        #expect(whole.status == 0)
        #expect(Array(whole.stdout) == fixture.original)
        let size = fixture.original.count
        // Ranges inside one slice, across slice boundaries, the last short slice, a suffix.
        for (first, last) in [(0, 0), (65_530, 65_545), (131_000, 400_000), (size - 10, size - 1)] {
            let part = try CommandResult.curl(["-f", "-r", "\(first)-\(last)", fixture.url])
            #expect(part.status == 0)
            #expect(Array(part.stdout) == Array(fixture.original[first...last]), "range \(first)-\(last)")
        }
        // Inside one slice, and across two, again and again: once the slices are on the node's disk and open, the
        // sendfile fast path answers from the slices' files, at offsets within them (two regions across a boundary).
        for round in 0..<3 {
            for (first, last) in [(70_000, 70_099), (70_100, 131_071), (200_000, 200_000), (131_000, 131_200), (196_600, 262_200)] {
                let part = try CommandResult.curl(["-f", "-r", "\(first)-\(last)", fixture.url])
                #expect(Array(part.stdout) == Array(fixture.original[first...last]), "round \(round), range \(first)-\(last)")
            }
        }
        let suffix = try CommandResult.curl(["-f", "-r", "-300", fixture.url])
        #expect(Array(suffix.stdout) == Array(fixture.original[(size - 300)...]))
        // Several ranges at once: multipart/byteranges with the right bytes in each part.
        let multi = try CommandResult.curl(["-f", "-D", "-", "-r", "10-19,70000-70009", fixture.url])
        let text = String(decoding: multi.stdout, as: UTF8.self)
        #expect(text.contains("multipart/byteranges"))
        #expect(multi.stdout.range(of: Data(fixture.original[10...19])) != nil)
        #expect(multi.stdout.range(of: Data(fixture.original[70_000...70_009])) != nil)
        // The strong ETag is the content's digest, as on a local-store node: a client resumes across nodes.
        let head = try CommandResult.curl(["-I", fixture.url])
        let etag = head.text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }
        let show = try fixture.gateway.run(["assets", "show", fixture.assetID])
        let digest = show.text.split(whereSeparator: { !$0.isHexDigit }).first { $0.count == 64 }
        #expect(etag != nil && digest != nil && etag!.contains(digest!), "\(String(describing: etag)) \(show.text)")
    }

    @Test func aGetAfterAHeadOnTheSameConnectionGetsTheWholeBody() throws {
        let fixture = try Fixture()
        #expect(Array(try CommandResult.curl(["-f", fixture.url]).stdout) == fixture.original)
        // One kept-alive connection: HEAD, then GET, then a range GET (nginx in front reuses connections like this).
        let sizes = try CommandResult.curl([
            "-s", "--max-time", "20", "-I", fixture.url, "-o", "/dev/null", "--next", "-s", "--max-time", "20", "-o", "/dev/null",
            "-w", "%{size_download}\n", fixture.url, "--next", "-s", "--max-time", "20", "-o", "/dev/null", "-r", "1000-1999",
            "-w", "%{size_download} %{num_connects}\n", fixture.url,
        ]).lines
        #expect(sizes == ["\(fixture.original.count)", "1000 0"], "\(sizes)")
        let other = try CommandResult.curl([
            "-s", "--max-time", "20", "-r", "0-99", fixture.url, "-o", "/dev/null", "-w", "%{size_download}\n", "--next", "-s", "--max-time", "20", "-o", "/dev/null",
            "-w", "%{size_download}\n", fixture.url,
        ]).lines
        #expect(other == ["100", "\(fixture.original.count)"], "range then whole: \(other)")
        let third = try CommandResult.curl([
            "-s", "--max-time", "20", "-I", fixture.url, "-o", "/dev/null", "--next", "-s", "--max-time", "20", "-o", "/dev/null",
            "-r", "0-99", "-w", "%{size_download}\n", fixture.url,
        ]).lines
        #expect(third == ["100"], "head then warm range: \(third)")
    }

    @Test func tenReadersOfAColdSliceCauseOneFetch() throws {
        let fixture = try Fixture()
        func originFetches() throws -> Int {
            let text = try CommandResult.curl([fixture.gateway.baseURL + "/metrics"]).text
            let line = text.split(separator: "\n").first { $0.hasPrefix("gateway_origin_fetches_total") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
        }
        let before = try originFetches()
        // Ten clients at once, each asking for a different range of the same slice that nobody has read yet.
        let readers = (0..<10).map { reader -> (Process, String) in
            let out = fixture.gateway.dataDir + "/reader-\(reader)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-f", "-o", out, "-r", "\(300_000 + reader * 100)-\(300_000 + reader * 100 + 99)", fixture.url]
            return (process, out)
        }
        for (process, _) in readers { try process.run() }
        for (reader, (process, out)) in readers.enumerated() {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let first = 300_000 + reader * 100
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: out))) == Array(fixture.original[first...first + 99]))
        }
        #expect(try originFetches() - before == 1, "one slice, one GET to the object store")
    }

    @Test func cachedSlicesServeWhileTheStoreIsDownAndMissesAnswer503() throws {
        let fixture = try Fixture()
        let first = try CommandResult.curl(["-f", "-r", "0-99", fixture.url])
        #expect(Array(first.stdout) == Array(fixture.original[0...99]))
        fixture.seaweed.stop()
        // The slice read before is on the node's disk: served without the store.
        let cached = try CommandResult.curl(["-f", "-r", "10-50", fixture.url])
        #expect(cached.status == 0)
        #expect(Array(cached.stdout) == Array(fixture.original[10...50]))
        // A slice never read cannot be served: a clear 503 with Retry-After, not a truncated 206.
        let miss = try CommandResult.curl(["-D", "-", "-o", "/dev/null", "-w", "%{http_code}", "-r", "500000-500099", fixture.url])
        #expect(miss.text.hasSuffix("503"), "\(miss.text)")
        #expect(miss.text.lowercased().contains("retry-after:"))
        let body = try CommandResult.curl(["-r", "500000-500099", fixture.url])
        #expect(body.text.contains("store_unavailable"))
        // The node stays up.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", fixture.gateway.baseURL + "/healthz"]).text == "200")
    }

    @Test func ingestWithTheStoreDownFailsClearlyAndAddsNothing() throws {
        let seaweed = try SeaweedFS(buckets: ["library-network"])
        let gateway = try GatewayProcess()
        gateway.extraEnvironment = Self.environment(seaweed)
        let path = gateway.makeFile(named: "a.pdf", size: 10_000)
        seaweed.stop()
        let ingest = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(ingest.status != 0)
        #expect(ingest.stderr.contains("object store unreachable"), "\(ingest.stderr)")
        let list = try gateway.run(["assets", "list"])
        #expect(list.status == 0)
        #expect(!list.text.contains("a.pdf"))
    }

    @Test func wrongOrMissingCredentialsAreRefusedWithAReason() throws {
        let seaweed = try SeaweedFS(buckets: ["library-network"])
        let gateway = try GatewayProcess()
        let path = gateway.makeFile(named: "b.pdf", size: 10_000)
        gateway.extraEnvironment = Self.environment(seaweed)
        gateway.extraEnvironment["AWS_ACCESS_KEY_ID"] = ""
        gateway.extraEnvironment["AWS_SECRET_ACCESS_KEY"] = ""
        let missing = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("needs credentials"), "\(missing.stderr)")
        gateway.extraEnvironment["AWS_ACCESS_KEY_ID"] = seaweed.accessKey
        gateway.extraEnvironment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let wrong = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("403"), "\(wrong.stderr)")
        // A credentials file others can read is refused.
        // Outside the data directory (whose files the gateway itself keeps at 0600).
        let file = seaweed.directory + "/s3-credentials"
        FileManager.default.createFile(atPath: file, contents: Data("\(seaweed.accessKey) \(seaweed.secretKey)\n".utf8))
        chmod(file, 0o644)
        gateway.extraEnvironment["GATEWAY_S3_CREDENTIALS_FILE"] = file
        let open = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(open.status != 0)
        #expect(open.stderr.contains("chmod 600"), "\(open.stderr)")
        chmod(file, 0o600)
        let good = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func mediaInTheObjectStorePlaysAsHLS() throws {
        let seaweed = try SeaweedFS(buckets: ["library-network"])
        let gateway = try GatewayProcess()
        gateway.extraEnvironment = Self.environment(seaweed)
        let video = try gateway.makeVideo(named: "clip.mp4", size: "320x180", seconds: 6)
        let id = try #require(try gateway.run(["ingest", video, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try gateway.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try gateway.start()
        let link = try gateway.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "stream", "--ttl", "600"])
        let url = try #require(link.lines.first)
        // ffmpeg as a real HLS client: the transcoder read the item from the object store through the node's disk tier.
        let played = try CommandResult.run("/usr/bin/ffmpeg", ["-v", "error", "-i", url, "-f", "null", "-"])
        #expect(played.status == 0)
        #expect(played.stderr.isEmpty, "\(played.stderr)")
    }
}
