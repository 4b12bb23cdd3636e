import Foundation
import TestServers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gateway migrate`: a member library's single-node store moves into the network's PostgreSQL and object store, and
/// what its readers and partners hold (links, delivery tokens, keys) keeps working on the network's nodes.
@Suite(.serialized) struct MigrateTests {

    /// The shared servers and the environment a command or node needs to reach them.
    final class Network {
        let postgres: PostgreSQLServer
        let seaweed: SeaweedFS
        init() throws {
            postgres = try PostgreSQLServer()
            seaweed = try SeaweedFS()
        }
        /// What `migrate` needs besides its arguments: how to reach the object store.
        var objectStoreAccess: [String: String] {
            ["GATEWAY_S3_ENDPOINT": seaweed.endpoint, "AWS_ACCESS_KEY_ID": seaweed.accessKey, "AWS_SECRET_ACCESS_KEY": seaweed.secretKey]
        }
        func migrate(_ node: GatewayProcess, _ extra: [String] = []) throws -> CommandResult {
            node.extraEnvironment = objectStoreAccess
            return try node.run(["migrate", "--to-database", postgres.url, "--to-storage", "s3://network/blobs"] + extra)
        }
        /// A node of the network (its own empty data directory).
        func node() throws -> GatewayProcess {
            let node = try GatewayProcess()
            node.extraEnvironment = objectStoreAccess.merging(
                ["GATEWAY_DATABASE": postgres.url, "GATEWAY_STORAGE": "s3://network/blobs"]) { $1 }
            node.writePolicy(DeliveryLifecycleTests.deliveryPolicy)
            return node
        }
    }

    static func status(_ url: String) throws -> String {
        try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
    }

    static func stats(_ node: GatewayProcess) throws -> String {
        try node.run(["stats", "--from", "2000-01-01", "--to", "2100-01-01", "--by", "library", "--csv"]).text
    }

    @Test func aSingleNodeStoreMovesIntoTheNetworkAndEverythingItHandedOutKeepsWorking() throws {
        let old = try GatewayProcess()
        old.writePolicy(DeliveryLifecycleTests.deliveryPolicy)
        // A small PDF and one larger than a multipart part (8 MiB), so both upload paths are taken.
        let small = old.makeFile(named: "县志.pdf", size: 300_000), large = old.makeFile(named: "画册.pdf", size: 9_000_001)
        let smallID = try #require(try old.run(["ingest", small, "--collection", "local-docs", "--owner", "harbin", "--rights", "in-copyright"]).lines.first)
        let largeID = try #require(try old.run(["ingest", large, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        try #require(try old.run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        let key = try #require(try old.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        let revokedKey = try #require(try old.run(["keys", "add", "--library", "mudanjiang"]).lines.first)
        try old.start()
        let link = try #require(try old.run(["link", "--asset", largeID, "--subject", "p-9", "--library", "harbin", "--action", "download", "--ttl", "3600"]).lines.first)
        let query = String(link.split(separator: "?")[1])
        #expect(try Self.status(old.baseURL + "/assets/\(largeID)/content?" + query) == "200")
        let created = try CommandResult.curl([
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json", "--data-binary",
            #"{"asset":"\#(smallID)","patron":{"id":"R-1024","name":"王小明"},"max_downloads":3}"#, old.baseURL + "/deliveries",
        ])
        let delivery = try #require(try JSONSerialization.jsonObject(with: created.stdout) as? [String: Any])
        let deliveryID = try #require(delivery["id"] as? String)
        let deliveryLink = try #require(delivery["link"] as? String)
        let deliveryPath = String(deliveryLink[try #require(deliveryLink.range(of: "/d/")).lowerBound...]) + "/content"
        #expect(try Self.status(old.baseURL + deliveryPath) == "200")
        let revokedKeyID = try #require(try old.run(["keys", "list"]).lines.first { $0.contains("mudanjiang") }?.split(separator: "\t").first)
        #expect(try old.run(["keys", "revoke", String(revokedKeyID)]).status == 0)
        old.stop()
        let statsBefore = try Self.stats(old)

        let network = try Network()
        let result = try network.migrate(old)
        try #require(result.status == 0, "\(result.stderr)\n\(result.text)")
        #expect(result.text.contains("assets: 2 copied with their blobs (9300001 bytes, sha256 verified), 0 already there, 0 failed"))
        #expect(result.text.contains("API keys: 2 copied"))
        #expect(result.text.contains("deliveries: 1 copied"))

        let node = try network.node()
        // The usage statistics carry over (the audit log came along).
        #expect(try Self.stats(node) == statsBefore)
        #expect(statsBefore.contains("harbin") && statsBefore.contains("qiqihar"))
        try node.start()
        // The reader's link minted on the old node, the partner's key, the patron's delivery token: all work here.
        let served = try CommandResult.curl(["-f", node.baseURL + "/assets/\(largeID)/content?" + query])
        #expect(Array(served.stdout) == Array(try Data(contentsOf: URL(fileURLWithPath: large))))
        let record = try CommandResult.curl(["-H", "Authorization: Bearer \(key)", node.baseURL + "/deliveries/\(deliveryID)"])
        let copied = try #require(try JSONSerialization.jsonObject(with: record.stdout) as? [String: Any])
        #expect(copied["downloads_used"] as? Int == 1)
        #expect(copied["max_downloads"] as? Int == 3)
        let again = try CommandResult.curl(["-f", node.baseURL + deliveryPath])
        #expect(Array(again.stdout) == Array(try Data(contentsOf: URL(fileURLWithPath: small))))
        // The key revoked on the old node stays revoked.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(revokedKey)", node.baseURL + "/deliveries"]).text == "401")
        node.stop()
        let statsAfter = try Self.stats(node)
        #expect(statsAfter != statsBefore)

        // Running it again copies nothing twice.
        let rerun = try network.migrate(old)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.text.contains("assets: 0 copied with their blobs (0 bytes, sha256 verified), 2 already there, 0 failed"))
        #expect(rerun.text.contains("audit records: 0 copied"))
        #expect(try Self.stats(node) == statsAfter)
    }

    @Test func anInterruptedMigrationContinuesWhereItStoppedAndCopiesNothingTwice() throws {
        let old = try GatewayProcess()
        let file = old.makeFile(named: "年鉴.pdf", size: 100_000)
        try #require(try old.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).status == 0)
        // A year of a busy library's audit log, written as the server writes it (one row per record).
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            rows = [(\(now) - i * 1000, 'p-%d' % (i % 97), ['harbin', 'qiqihar', 'daqing'][i % 3], 'a1', 'local-docs', 'download',
                     'allow', 'r1', 200, 1000 + i, '10.0.0.%d' % (i % 200), 'test') for i in range(30000)]
            db.executemany('INSERT INTO audit_event (time, subject, library, assetID, collection, action, decision, ruleID, status, bytesSent, clientAddress, userAgent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', rows)
            db.commit()
            """
        try #require(try CommandResult.run("/usr/bin/python3", ["-c", script, old.dataDir + "/catalog.sqlite"]).status == 0)
        let statsBefore = try Self.stats(old)
        let network = try Network()

        // Killed after its first batch of audit records.
        old.extraEnvironment = network.objectStoreAccess
        let process = Process()
        process.executableURL = URL(fileURLWithPath: old.binary)
        process.arguments = ["migrate", "--to-database", network.postgres.url, "--to-storage", "s3://network/blobs", "--batch-size", "100"]
        process.environment = old.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var output = ""
        while !output.contains("audit records: 100 of") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            output += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(output.contains("audit records: 100 of 30000"))
        #expect(!output.contains("done:"))

        let resumed = try network.migrate(old)
        try #require(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.text.contains("assets: 0 copied with their blobs (0 bytes, sha256 verified), 1 already there, 0 failed"))
        let line = try #require(resumed.lines.first { $0.hasPrefix("audit records:") && $0.contains("copied") })
        let copiedNow = try #require(Int(line.split(separator: " ")[2]))
        #expect(copiedNow < 30000 && copiedNow >= 29000)
        let node = try network.node()
        #expect(try Self.stats(node) == statsBefore)
    }

    @Test func aDamagedBlobIsReportedAndLeftOutAndTheRestIsCopied() throws {
        let old = try GatewayProcess()
        let good = old.makeFile(named: "good.pdf", size: 50_000), bad = old.makeFile(named: "bad.pdf", size: 60_000)
        let goodID = try #require(try old.run(["ingest", good, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let badID = try #require(try old.run(["ingest", bad, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        // A bit flips on the old node's disk.
        let blobs = FileManager.default.enumerator(atPath: old.dataDir + "/blobs")!.compactMap { $0 as? String }
        let original = try Data(contentsOf: URL(fileURLWithPath: bad))
        let damaged = try #require(blobs.first { name in
            (try? Data(contentsOf: URL(fileURLWithPath: old.dataDir + "/blobs/" + name))) == original
        })
        var bytes = original
        bytes[30_000] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: old.dataDir + "/blobs/" + damaged))

        let network = try Network()
        let result = try network.migrate(old)
        #expect(result.status != 0)
        #expect(result.stderr.contains(badID) && result.stderr.contains("damaged"), "\(result.stderr)")
        #expect(result.text.contains("assets: 1 copied"))
        let node = try network.node()
        let listed = try node.run(["assets", "list"]).text
        #expect(listed.contains(goodID))
        #expect(!listed.contains(badID))
    }
}
