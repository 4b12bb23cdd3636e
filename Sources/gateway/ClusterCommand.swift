import ArgumentParser
import Foundation
import GatewayServer
import PostgresStore

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "The nodes of a network on a shared database.", subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the nodes (id, address, version, policy-set digest, last heartbeat, cache sizes).",
            discussion: "A node is live when its last heartbeat (every 2 s) is under 10 s old. Warns when live nodes run different policy sets.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let services = try await options.openServices()
            guard let shared = services.storage.shared else {
                throw CommandFailure("database: sqlite keeps one node's state; a network of nodes needs database: postgresql://…")
            }
            let (now, nodes) = try await NodeRegistry(database: shared).nodes()
            guard !nodes.isEmpty else {
                print("no node has started on this database yet")
                return
            }
            print(["node", "address", "version", "policy", "last heartbeat", "state", "memory cache", "disk cache"].joined(separator: "\t"))
            var digests = Set<String>()
            for node in nodes {
                let age = max(0, now.timeIntervalSince(node.lastHeartbeat))
                let live = age < 10
                if live { digests.insert(node.policyDigest) }
                print([
                    node.id, node.address, node.version, String(node.policyDigest.prefix(12)), String(format: "%.1f s ago", age),
                    live ? "live" : "gone", "\(node.cacheMemoryBytes)", "\(node.cacheDiskBytes)",
                ].joined(separator: "\t"))
            }
            if digests.count > 1 {
                FileHandle.standardError.write(Data("warning: live nodes run \(digests.count) different policy sets; compare their Policies/ directories\n".utf8))
            }
        }
    }
}
