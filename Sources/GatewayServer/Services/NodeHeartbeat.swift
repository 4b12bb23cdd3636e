import Foundation
import Logging
import LRUCache
import PostgresStore
import ServiceLifecycle

/// In a network of nodes, says every two seconds in the shared database that this node is alive, where it listens,
/// which policy set it runs and how big its caches are (`gateway cluster status` reads it). A missed heartbeat (the
/// database away) is logged once and retried; it never stops the node.
struct NodeHeartbeat: Service {
    let services: GatewayServices
    let registry: NodeRegistry
    static let interval: Duration = .seconds(2)

    func run() async throws {
        let started = Date()
        try await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                // The address the node listens on is known once the server has bound its port.
                guard services.boundPort.value != nil else {
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                do {
                    try await registry.beat(status(startedAt: started))
                    if failing { services.logger.notice("heartbeat written again") }
                    failing = false
                } catch {
                    if !failing { services.logger.error("heartbeat not written: \(error)") }
                    failing = true
                }
                try await Task.sleep(for: Self.interval)
            }
        }
    }

    func status(startedAt: Date) -> NodeStatus {
        let configuration = services.configuration
        let port = services.boundPort.value ?? configuration.port
        let address = "\(configuration.host):\(port)"
        let id = configuration.nodeID.isEmpty ? "\(ProcessInfo.processInfo.hostName):\(port)" : configuration.nodeID
        return NodeStatus(
            id: id, address: address, version: GatewayServices.version, policyDigest: services.policies.digest,
            startedAt: startedAt, lastHeartbeat: Date(),
            cacheMemoryBytes: Int64(services.responder.body.blocks?.blocks.statistics.currentBytes ?? 0),
            cacheDiskBytes: Int64(services.media.cache.statistics.currentBytes))
    }
}
