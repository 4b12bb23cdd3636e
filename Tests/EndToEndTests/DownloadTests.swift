import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End to end: the real binary, its command line and curl, checking bytes against the original file.
@Suite(.serialized) struct DownloadTests {
    /// A started gateway with one ingested 3 MiB document and a download link for it.
    struct Fixture {
        let gateway: GatewayProcess
        let assetID: String
        let original: [UInt8]
        let url: String

        init(action: String = "download", fileName: String = "地方志 1995.pdf") throws {
            gateway = try GatewayProcess()
            let path = gateway.makeFile(named: fileName, size: 3 << 20)
            original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let ingest = try gateway.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"])
            try #require(ingest.status == 0, "\(ingest.stderr)")
            assetID = try #require(ingest.lines.first)
            let key = try gateway.run(["keys", "add-signing", "--library", "harbin"])
            try #require(key.status == 0, "\(key.stderr)")
            try gateway.start()
            let link = try gateway.run(["link", "--asset", assetID, "--subject", "patron-7", "--library", "harbin", "--action", action, "--ttl", "600"])
            try #require(link.status == 0, "\(link.stderr)")
            url = try #require(link.lines.first)
        }
    }

    @Test func wholeFileMatchesTheOriginal() throws {
        let fixture = try Fixture()
        #expect(fixture.url.hasPrefix(fixture.gateway.baseURL + "/assets/\(fixture.assetID)/content?"))
        let result = try CommandResult.curl(["-f", fixture.url])
        #expect(result.status == 0)
        #expect(Array(result.stdout) == fixture.original)
    }

    @Test(arguments: ["0-0", "100-199", "-500", "3145000-", "3145700-9999999"])
    func singleRangesMatchTheOriginal(range: String) throws {
        let fixture = try Fixture()
        let result = try CommandResult.curl(["-f", "-r", range, fixture.url])
        #expect(result.status == 0)
        let size = fixture.original.count
        let parts = range.split(separator: "-", omittingEmptySubsequences: false)
        let first: Int, last: Int
        if parts[0].isEmpty {
            first = size - Int(parts[1])!
            last = size - 1
        } else {
            first = Int(parts[0])!
            last = parts[1].isEmpty ? size - 1 : min(Int(parts[1])!, size - 1)
        }
        #expect(Array(result.stdout) == Array(fixture.original[first...last]))
    }

    @Test func multipleRangesComeAsMultipartWithTheRightBytes() throws {
        let fixture = try Fixture()
        let result = try CommandResult.curl(["-f", "-D", "-", "-r", "0-99,2000-2099,-10", fixture.url])
        let raw = Array(result.stdout)
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.contains("HTTP/1.1 206"))
        let boundary = try #require(text.range(of: #"boundary=([A-Za-z0-9]+)"#, options: .regularExpression)
            .map { String(text[$0].dropFirst("boundary=".count)) })
        // Each part's bytes follow its blank line and end before the next CRLF--boundary.
        let size = fixture.original.count
        for (first, last) in [(0, 99), (2000, 2099), (size - 10, size - 1)] {
            let marker = Array("Content-Range: bytes \(first)-\(last)/\(size)\r\n\r\n".utf8)
            let start = try #require(find(marker, in: raw)) + marker.count
            #expect(Array(raw[start..<(start + last - first + 1)]) == Array(fixture.original[first...last]))
            #expect(Array(raw[(start + last - first + 1)..<(start + last - first + 5 + boundary.count)]) == Array("\r\n--\(boundary)".utf8))
        }
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
    }

    @Test func ifRangeAndHead() throws {
        let fixture = try Fixture()
        let head = try CommandResult.curl(["-I", fixture.url])
        let etag = try #require(head.text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }
            .map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) })
        #expect(head.text.contains("Content-Length: \(fixture.original.count)"))
        #expect(head.text.contains("Accept-Ranges: bytes"))
        let matching = try CommandResult.curl(["-r", "10-19", "-H", "If-Range: \(etag)", fixture.url])
        #expect(Array(matching.stdout) == Array(fixture.original[10...19]))
        let stale = try CommandResult.curl(["-r", "10-19", "-H", "If-Range: \"stale\"", fixture.url])
        #expect(Array(stale.stdout) == fixture.original)
        let notModified = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: \(etag)", fixture.url])
        #expect(notModified.text == "304")
    }

    @Test func resumingAnInterruptedDownloadGivesTheWholeFile() throws {
        let fixture = try Fixture()
        let target = fixture.gateway.dataDir + "/resumed.pdf"
        // First attempt stops after ~1 MiB; curl -C - resumes with a Range request.
        _ = try CommandResult.curl(["-r", "0-1048575", "-o", target, fixture.url])
        let resumed = try CommandResult.curl(["-f", "-C", "-", "-o", target, fixture.url])
        #expect(resumed.status == 0)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == fixture.original)
    }

    @Test func chineseFileNameInContentDisposition() throws {
        let fixture = try Fixture()
        let head = try CommandResult.curl(["-I", fixture.url])
        let line = try #require(head.text.split(separator: "\r\n").first { $0.hasPrefix("Content-Disposition:") })
        // RFC 6266: an ASCII fallback for old clients, and the UTF-8 name in filename* (RFC 8187).
        #expect(line.contains("attachment; filename=\"download.pdf\"; filename*=UTF-8''"))
        let encoded = try #require(line.components(separatedBy: "filename*=UTF-8''").last)
        #expect(encoded.removingPercentEncoding == "地方志 1995.pdf")
    }

    @Test func forgedAndExpiredLinks() throws {
        let fixture = try Fixture()
        func status(_ url: String) throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
        }
        let forged = fixture.url.replacingOccurrences(of: "sub=patron-7", with: "sub=patron-8")
        #expect(try status(forged) == "401")
        let truncated = String(fixture.url.dropLast(3))
        #expect(try status(truncated) == "401")
        let otherAsset = fixture.url.replacingOccurrences(of: fixture.assetID, with: "zzzzzzzzzzzzzzzzzzzz")
        #expect(try status(otherAsset) == "401")
        #expect(try status(fixture.gateway.baseURL + "/assets/\(fixture.assetID)/content") == "401")
        let expired = try fixture.gateway.run(["link", "--asset", fixture.assetID, "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "1"])
        sleep(2)
        #expect(try status(try #require(expired.lines.first)) == "410")
    }

    @Test func hostilePathsNeverLeaveTheStore() throws {
        let fixture = try Fixture()
        let query = String(fixture.url.split(separator: "?")[1])
        for path in ["/assets/..%2F..%2F..%2Fetc%2Fpasswd/content", "/assets/%2e%2e/content", "/assets/a%00b/content",
            "/assets/../../../etc/passwd", "/assets/" + String(repeating: "A", count: 10_000) + "/content"]
        {
            let result = try CommandResult.curl(["--path-as-is", "-w", "\n%{http_code}", fixture.gateway.baseURL + path + "?" + query])
            let code = result.lines.last ?? ""
            #expect(code == "400" || code == "404", "\(path): \(code)")
            #expect(!result.text.contains("root:x:0"))
        }
    }

    /// 1,000 clients that hang up mid-download leave no file handle open.
    @Test func abortedDownloadsLeakNoDescriptors() throws {
        let fixture = try Fixture()
        let path = "/" + fixture.url.split(separator: "/", maxSplits: 3).last!
        // Warm up so lazily opened descriptors (thread pool, database) exist before the baseline.
        _ = try CommandResult.curl(["-o", "/dev/null", fixture.url])
        let baseline = fixture.gateway.openDescriptorCount()
        let baselineDescriptors = fixture.gateway.openDescriptors()
        for _ in 0..<1000 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(fixture.gateway.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            _ = request.withCString { send(fd, $0, strlen($0), 0) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = recv(fd, &buffer, buffer.count, 0)
            // Hang up hard (RST) in the middle of the 3 MiB body.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close(fd)
        }
        var after = fixture.gateway.openDescriptorCount()
        for _ in 0..<100 where after > baseline {
            usleep(100_000)
            after = fixture.gateway.openDescriptorCount()
        }
        #expect(
            after <= baseline,
            """
            descriptors: \(baseline) before, \(after) after 1,000 aborted downloads; opened: \
            \(fixture.gateway.descriptorsOpened(since: baselineDescriptors))
            """)
        // And the server still serves.
        #expect(Array(try CommandResult.curl(["-f", "-r", "0-9", fixture.url]).stdout) == Array(fixture.original[0...9]))
    }

    /// SIGTERM lets an in-flight download finish within the grace period.
    @Test func gracefulShutdownFinishesInFlightDownloads() throws {
        let fixture = try Fixture()
        let target = fixture.gateway.dataDir + "/slow.pdf"
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-f", "--limit-rate", "1500k", "-o", target, fixture.url]
        try curl.run()
        usleep(500_000)
        fixture.gateway.process?.terminate()
        curl.waitUntilExit()
        fixture.gateway.process?.waitUntilExit()
        #expect(curl.terminationStatus == 0)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == fixture.original)
        #expect(fixture.gateway.process?.terminationStatus == 0)
    }
}

func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    outer: for start in 0...(haystack.count - needle.count) {
        for offset in needle.indices where haystack[start + offset] != needle[offset] { continue outer }
        return start
    }
    return nil
}
