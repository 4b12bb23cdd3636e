import Foundation
import TestServers
import Testing

/// Two gateway nodes on one PostgreSQL and one SeaweedFS, as a library network runs them: what one node records,
/// the other knows; limits hold across them.
@Suite(.serialized) struct ClusterTests {
    final class Cluster {
        let postgres: PostgreSQLServer
        let seaweed: SeaweedFS
        let nodes: [GatewayProcess]

        init(policy: String = GatewayProcess.allowEverything, nodes count: Int = 2) throws {
            let postgres = try PostgreSQLServer()
            let seaweed = try SeaweedFS(buckets: ["network"])
            self.postgres = postgres
            self.seaweed = seaweed
            nodes = try (0..<count).map { index in
                let node = try GatewayProcess()
                node.extraEnvironment = [
                    "GATEWAY_DATABASE": postgres.url, "GATEWAY_STORAGE": "s3://network/blobs",
                    "GATEWAY_S3_ENDPOINT": seaweed.endpoint, "AWS_ACCESS_KEY_ID": seaweed.accessKey,
                    "AWS_SECRET_ACCESS_KEY": seaweed.secretKey, "GATEWAY_NODE_ID": "node-\(index)",
                ]
                node.writePolicy(policy)
                return node
            }
        }

        /// The nodes stop before the database and the object store, as an operator takes a network down.
        deinit { for node in nodes { node.stop() } }

        func start() throws { for node in nodes { try node.start() } }

        func status(_ url: String, _ extra: [String] = []) throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}"] + extra + [url]).text
        }
    }

    @Test func anItemIngestedAndALinkMintedOnOneNodeAreServedByTheOther() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let path = a.makeFile(named: "县志.pdf", size: 300_000)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let id = try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try cluster.start()
        // Node B's own command line sees the item and the key made through node A.
        #expect(try b.run(["assets", "list"]).text.contains(id))
        let link = try b.run(["link", "--asset", id, "--subject", "p-1", "--library", "harbin", "--action", "download", "--ttl", "600"])
        try #require(link.status == 0, "\(link.stderr)")
        let query = String(try #require(link.lines.first).split(separator: "?")[1])
        for node in [a, b] {
            let whole = try CommandResult.curl(["-f", node.baseURL + "/assets/\(id)/content?" + query])
            #expect(Array(whole.stdout) == original)
        }
        // A resumed download on the other node: the same strong ETag, If-Range honoured, the right bytes.
        let head = try CommandResult.curl(["-I", a.baseURL + "/assets/\(id)/content?" + query]).text
        let etag = try #require(head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }).dropFirst(5)
            .trimmingCharacters(in: .whitespaces)
        let resumed = try CommandResult.curl(["-f", "-r", "100000-", "-H", "If-Range: \(etag)", b.baseURL + "/assets/\(id)/content?" + query])
        #expect(Array(resumed.stdout) == Array(original[100_000...]))
    }

    @Test func aDownloadCutByItsNodeDyingResumesOnAnotherNodeWithIdenticalBytes() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let path = a.makeFile(named: "大图册.pdf", size: 12_000_000)
        let id = try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try cluster.start()
        let link = try #require(try a.run(["link", "--asset", id, "--subject", "p-1", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        let query = String(link.split(separator: "?")[1])
        let partial = b.dataDir + "/partial.pdf", headers = b.dataDir + "/headers"
        let download = Process()
        download.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        download.arguments = ["-s", "--limit-rate", "300k", "-D", headers, "-o", partial, a.baseURL + "/assets/\(id)/content?" + query]
        try download.run()
        for _ in 0..<100 {
            let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
            if size > 600_000 { break }
            usleep(100_000)
        }
        // Node A dies mid-download; the client's copy ends short.
        if let pid = a.process?.processIdentifier { kill(pid, SIGKILL) }
        a.process?.waitUntilExit()
        download.waitUntilExit()
        let cut = try #require(try FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int)
        #expect(cut > 0 && cut < 12_000_000)
        let etag = try #require(try String(contentsOfFile: headers, encoding: .utf8).split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("etag:") }).dropFirst(5).trimmingCharacters(in: .whitespaces)
        // The client resumes where it stopped, on node B, sure it is the same file (If-Range with the strong ETag).
        let resumed = try CommandResult.curl([
            "-s", "-C", "-", "-H", "If-Range: \(etag)", "-o", partial, "-w", "%{http_code}", b.baseURL + "/assets/\(id)/content?" + query,
        ])
        #expect(resumed.text == "206")
        #expect(try Data(contentsOf: URL(fileURLWithPath: partial)) == (try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func downloadsPerDayIsExactAcrossNodes() throws {
        let cluster = try Cluster(policy: QuotaTests.policy(limits: "downloads_per_day: 3"))
        let a = cluster.nodes[0]
        let path = a.makeFile(named: "q.pdf", size: 50_000)
        let id = try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let key = try #require(try a.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try cluster.start()
        // Thirty clients at once, alternating between the nodes, one library key: three downloads in all.
        let script = (0..<30).map { i in
            let node = cluster.nodes[i % 2]
            return "curl -s -o /dev/null -w '%{http_code}\\n' -H 'Authorization: Bearer \(key)' --interface 127.0.3.\(10 + i) '\(node.baseURL)/assets/\(id)/content' &"
        }.joined(separator: "\n") + "\nwait\n"
        let statuses = try CommandResult.run("/bin/bash", ["-c", script]).lines
        #expect(statuses.count == 30)
        #expect(statuses.filter { $0 == "200" }.count == 3, "\(statuses)")
        #expect(statuses.filter { $0 == "429" }.count == 27)
        #expect(try cluster.postgres.psql("SELECT count(*) FROM download_window") == "3")
    }

    @Test func concurrentStreamsHoldsAcrossNodes() throws {
        let cluster = try Cluster(policy: QuotaTests.policy(limits: "concurrent_streams: 2"))
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let ids = try (0..<3).map { index in
            let path = a.makeFile(named: "s\(index).pdf", size: 12_000_000)
            return try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        }
        let key = try #require(try a.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        try cluster.start()
        let auth = ["-H", "Authorization: Bearer \(key)"]
        // Two slow downloads of two items, one on each node: the library's two streams.
        let slow = (0..<2).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-o", "/dev/null", "--limit-rate", "50k"] + auth + [cluster.nodes[index].baseURL + "/assets/\(ids[index])/content"]
            return process
        }
        for process in slow { try process.run() }
        defer { for process in slow where process.isRunning { process.terminate() } }
        var third = ""
        for _ in 0..<50 {
            // Until both streams have started somewhere in the network.
            if try cluster.postgres.psql("SELECT count(DISTINCT asset_id) FROM stream_lease WHERE expires_at > (extract(epoch from clock_timestamp()) * 1000)::bigint") == "2" { break }
            usleep(100_000)
        }
        // A third item on either node is refused; more of an item already streaming is not a new stream.
        for node in [a, b] {
            third = try cluster.status(node.baseURL + "/assets/\(ids[2])/content", auth + ["-r", "0-99"])
            #expect(third == "429", "the network holds two streams already")
            #expect(try cluster.status(node.baseURL + "/assets/\(ids[1])/content", auth + ["-r", "0-99"]) == "206")
        }
        // The client of the second stream goes away: after the grace period its slot is free, on the other node too.
        slow[1].terminate()
        slow[1].waitUntilExit()
        var freed = ""
        for _ in 0..<40 {
            freed = try cluster.status(a.baseURL + "/assets/\(ids[2])/content", auth + ["-r", "0-99"])
            if freed == "206" { break }
            usleep(500_000)
        }
        #expect(freed == "206")
    }

    @Test func aRenditionIsMadeOnceForTheNetworkAndEveryNodeServesTheSameBytes() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let video = try a.makeVideo(named: "clip.mp4")
        let id = try #require(try a.run(["ingest", video, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try cluster.start()
        let link = try #require(try a.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        let query = String(link.split(separator: "?")[1])
        let path = "/assets/\(id)/renditions/video-h264-480p?" + query
        // Asked on node A first, then on node B while A makes it: B waits for A's job instead of starting its own.
        #expect(try cluster.status(a.baseURL + path) == "202")
        #expect(try cluster.status(b.baseURL + path) == "202")
        var status = ""
        for _ in 0..<240 {
            status = try cluster.status(b.baseURL + path)
            if status != "202" { break }
            usleep(500_000)
        }
        #expect(status == "200")
        let jobs = try cluster.postgres.psql("SELECT key || ' ' || state || ' ' || split_part(holder, '/', 1) FROM transcode_job")
        #expect(jobs.hasSuffix(" done node-0") && !jobs.contains("\n"), "one job, made by node A: \(jobs)")
        let fromA = try CommandResult.curl(["-f", "-D", a.dataDir + "/ha", a.baseURL + path])
        let fromB = try CommandResult.curl(["-f", "-D", b.dataDir + "/hb", b.baseURL + path])
        #expect(fromA.stdout.count > 10_000)
        #expect(fromA.stdout == fromB.stdout)
        func etag(_ file: String) throws -> String {
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }.map(String.init) ?? "none"
        }
        #expect(try etag(a.dataDir + "/ha") == etag(b.dataDir + "/hb"))
        // An HLS segment asked of both nodes at once is made once too, and is the same everywhere.
        let stream = try #require(try a.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "stream", "--ttl", "600"]).lines.first)
        let segment = "/assets/\(id)/hls/audio-aac-96k/1.ts?" + String(stream.split(separator: "?")[1])
        let both = try CommandResult.run("/bin/bash", ["-c", "curl -sf '\(a.baseURL + segment)' | sha256sum & curl -sf '\(b.baseURL + segment)' | sha256sum & wait"]).lines
        #expect(both.count == 2 && both[0] == both[1], "\(both)")
        #expect(try cluster.postgres.psql("SELECT count(*) FROM transcode_job WHERE key LIKE 'hls-%-audio-aac-96k-1'") == "1")
    }

    @Test func whenTheNodeMakingARenditionDiesAnotherTakesTheJobOver() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let video = try a.makeVideo(named: "long.mp4", size: "1280x720", seconds: 60)
        let id = try #require(try a.run(["ingest", video, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try cluster.start()
        let link = try #require(try a.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        let path = "/assets/\(id)/renditions/video-h264-720p?" + String(link.split(separator: "?")[1])
        #expect(try cluster.status(a.baseURL + path) == "202")
        #expect(try cluster.status(b.baseURL + path) == "202")
        // Node A dies in the middle of the job (no chance to say so).
        if let pid = a.process?.processIdentifier { kill(pid, SIGKILL) }
        for worker in a.transcodeWorkers() { kill(worker, SIGKILL) }
        a.process?.waitUntilExit()
        var status = ""
        for _ in 0..<360 {
            status = try cluster.status(b.baseURL + path)
            if status != "202" { break }
            usleep(500_000)
        }
        #expect(status == "200", "node B took the job over once node A's lease ran out")
        let job = try cluster.postgres.psql("SELECT state || ' ' || split_part(holder, '/', 1) FROM transcode_job WHERE key LIKE 'rendition-%'")
        #expect(job == "done node-1")
        let file = b.dataDir + "/r.mp4"
        #expect(try CommandResult.curl(["-f", "-o", file, b.baseURL + path]).status == 0)
        let probe = try CommandResult.run("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).text
        #expect(abs((Double(probe.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) - 60) < 1)
    }

    @Test func aDeliveryMadeOnOneNodeIsCountedAndRevokedAcrossNodes() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let path = a.makeFile(named: "d.pdf", size: 20_000)
        let id = try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"]).lines.first)
        let key = try #require(try a.run(["keys", "add", "--library", "harbin"]).lines.first)
        try cluster.start()
        let made = try CommandResult.curl([
            "-s", "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(id)","patron":{"id":"R-7"},"max_downloads":2}"#, a.baseURL + "/deliveries",
        ]).text
        let link = try #require((try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: Any])?["link"] as? String)
        let tokenPath = String(link[try #require(link.range(of: "/d/")).lowerBound...]) + "/content"
        let deliveryID = try #require((try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: Any])?["id"] as? String)
        // Two downloads allowed: one from each node, from two addresses; a third address on either node is refused.
        #expect(try cluster.status(a.baseURL + tokenPath, ["--interface", "127.0.4.1"]) == "200")
        #expect(try cluster.status(b.baseURL + tokenPath, ["--interface", "127.0.4.2"]) == "200")
        #expect(try cluster.status(b.baseURL + tokenPath, ["--interface", "127.0.4.3"]) == "410")
        #expect(try cluster.status(a.baseURL + tokenPath, ["--interface", "127.0.4.3"]) == "410")
        // The first address's download is still open on node A; revoked through node B, it stops on node A too.
        #expect(try cluster.status(a.baseURL + tokenPath, ["--interface", "127.0.4.1"]) == "200")
        let revoked = try cluster.status(b.baseURL + "/deliveries/\(deliveryID)", ["-X", "DELETE", "-H", "Authorization: Bearer \(key)"])
        #expect(revoked == "200")
        var after = ""
        for _ in 0..<20 {
            after = try cluster.status(a.baseURL + tokenPath, ["--interface", "127.0.4.1"])
            if after == "410" { break }
            usleep(100_000)
        }
        #expect(after == "410", "a revocation on one node stops the download on the other")
    }

    @Test func withTheDatabaseAwayOpenItemsServeAndLimitedOnesAnswer503() throws {
        let cluster = try Cluster(policy: """
            rules:
              - id: open-items
                effect: allow
                actions: all
                subjects: anyone
                assets: { collections: [gov-info] }
              - id: limited-items
                effect: allow
                actions: all
                subjects: anyone
                assets: { collections: [local-docs] }
                limits: { downloads_per_day: 5 }
            """)
        let a = cluster.nodes[0]
        let open = a.makeFile(named: "open.pdf", size: 30_000)
        let limited = a.makeFile(named: "limited.pdf", size: 30_000)
        let openID = try #require(try a.run(["ingest", open, "--collection", "gov-info", "--owner", "harbin", "--rights", "open"]).lines.first)
        let limitedID = try #require(try a.run(["ingest", limited, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try a.start()
        func link(_ id: String) throws -> String {
            try #require(try a.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        }
        let openURL = try link(openID), limitedURL = try link(limitedID)
        #expect(try cluster.status(openURL) == "200")
        #expect(try cluster.status(limitedURL, ["--interface", "127.0.5.1"]) == "200")
        cluster.postgres.stop()
        // What needs no shared state is served from the node's caches; what needs a quota is refused, not guessed.
        let served = try CommandResult.curl(["-f", openURL])
        #expect(Array(served.stdout) == Array(try Data(contentsOf: URL(fileURLWithPath: open))))
        let refused = try CommandResult.curl(["-i", "--interface", "127.0.5.2", limitedURL]).text
        #expect(refused.hasPrefix("HTTP/1.1 503"), "\(refused.prefix(300))")
        #expect(refused.lowercased().contains("retry-after:"))
        #expect(refused.contains("database_unavailable"))
        #expect(try cluster.status(a.baseURL + "/healthz") == "200")
        // Back again: the limit is counted again, and the records kept while it was away are written.
        try cluster.postgres.start()
        var status = ""
        for _ in 0..<50 {
            status = try cluster.status(limitedURL, ["--interface", "127.0.5.3"])
            if status == "200" { break }
            usleep(200_000)
        }
        #expect(status == "200")
        // Usage is recorded per session (COUNTER's grain) and a session's record is written when it closes: at the
        // latest when the node stops.
        a.stop()
        let written = try cluster.postgres.psql("SELECT COALESCE(SUM(requests), 0) FROM audit_event WHERE asset_id = '\(openID)'")
        #expect(written == "2", "both downloads of the open item are in the audit log, the one made while the database was away too")
    }

    @Test func clusterStatusListsTheLiveNodesAndWarnsOfDifferentPolicySets() throws {
        let cluster = try Cluster()
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        #expect(try a.run(["cluster", "status"]).text.contains("no node has started"))
        try cluster.start()
        func status() throws -> CommandResult {
            var result = try a.run(["cluster", "status"])
            for _ in 0..<50 where !(result.text.contains("node-0") && result.text.contains("node-1")) {
                usleep(200_000)
                result = try a.run(["cluster", "status"])
            }
            return result
        }
        let same = try status()
        #expect(same.status == 0, "\(same.stderr)")
        let lines = same.lines.filter { $0.hasPrefix("node-") }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\tlive\t") && $0.contains(GatewayVersionInTests.version) })
        #expect(lines.contains { $0.hasPrefix("node-1\t127.0.0.1:\(b.port)\t") })
        #expect(!same.stderr.contains("different policy sets"))
        // Node B's policies change (as when one library edits its copy): the status warns.
        b.writePolicy(GatewayProcess.allowEverything + "\n  - id: extra-rule\n    effect: deny\n    actions: all\n    subjects: anyone\n    assets: { collections: [secret] }\n")
        var warned = false
        for _ in 0..<50 where !warned {
            usleep(200_000)
            warned = try a.run(["cluster", "status"]).stderr.contains("2 different policy sets")
        }
        #expect(warned)
        // A node that stops is listed as gone once its heartbeat is 10 s old (not waited for here): it stays listed.
        b.stop()
        #expect(try a.run(["cluster", "status"]).text.contains("node-1"))
        // A single node on SQLite has no cluster: a clear error.
        let single = try GatewayProcess()
        let refused = try single.run(["cluster", "status"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("database: postgresql://"))
    }
}

extension ClusterTests {
    @Test func theREADMEsLoadBalancerSendsEachItemToOneNode() throws {
        let cluster = try Cluster(nodes: 3)
        let a = cluster.nodes[0]
        var ids = [String]()
        for index in 0..<6 {
            let path = a.makeFile(named: "item-\(index).pdf", size: 20_000 + index)
            ids.append(try #require(try a.run(["ingest", path, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first))
        }
        try #require(try a.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        try cluster.start()
        let nginx = try NginxProcess(
            upstreamPorts: cluster.nodes.map(\.port), http: NginxProcess.itemAffinity.http,
            balancing: NginxProcess.itemAffinity.upstream)
        /// Requests for content each node has served.
        func served() throws -> [Int] {
            try cluster.nodes.map { node in
                let text = try CommandResult.curl([node.baseURL + "/metrics"]).text
                return text.split(separator: "\n").filter { $0.hasPrefix("gateway_http_requests_total{") && $0.contains("/assets/{id}/content") }
                    .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0) { $0 + Int($1) }
            }
        }
        var used = Set<Int>()
        for id in ids {
            let link = try #require(try a.run(["link", "--asset", id, "--subject", "p", "--library", "harbin", "--action", "read", "--ttl", "600"]).lines.first)
            let url = nginx.baseURL + "/assets/" + String(link.split(separator: "/assets/")[1])
            let before = try served()
            for _ in 0..<5 { #expect(try cluster.status(url, ["-r", "0-99"]) == "206") }
            let after = try served()
            let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }
            // All five requests for one item on one node.
            #expect(changed.count == 1, "\(before) -> \(after)")
            if let (node, counts) = changed.first {
                #expect(counts.1 - counts.0 == 5)
                used.insert(node)
            }
        }
        // Six items spread over more than one node (consistent hashing of six ids onto three nodes).
        #expect(used.count > 1)
        // A delivery's landing page and its file, fetched through the balancer, are served by one node.
        let key = try #require(try a.run(["keys", "add", "--library", "harbin"]).lines.first)
        let made = try CommandResult.curl([
            "-s", "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"asset":"\#(ids[0])","patron":{"id":"R-1"},"max_downloads":5}"#, nginx.baseURL + "/deliveries",
        ]).text
        let link = try #require((try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: Any])?["link"] as? String)
        let page = nginx.baseURL + String(link[try #require(link.range(of: "/d/")).lowerBound...])
        func deliveryRequests() throws -> [Int] {
            try cluster.nodes.map { node in
                try CommandResult.curl([node.baseURL + "/metrics"]).text.split(separator: "\n")
                    .filter { $0.hasPrefix("gateway_http_requests_total{") && $0.contains("/d/{token}") }
                    .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0) { $0 + Int($1) }
            }
        }
        for _ in 0..<3 {
            #expect(try cluster.status(page) == "200")
            #expect(try cluster.status(page + "/content", ["-r", "0-9"]) == "206")
        }
        let perNode = try deliveryRequests()
        #expect(perNode.filter { $0 > 0 }.count == 1, "\(perNode)")
    }
}

/// The version the gateway reports in heartbeats (GatewayServices.version).
enum GatewayVersionInTests {
    static let version = "1.0.0-dev"
}
