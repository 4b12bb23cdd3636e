public import Foundation
import Logging
import PostgresNIO

/// What a node says of itself in its heartbeat.
public struct NodeStatus: Sendable, Hashable {
    public var id: String
    public var address: String
    public var version: String
    /// SHA-256 over the node's policy files (names and contents), so nodes running different policy sets show.
    public var policyDigest: String
    public var startedAt: Date
    public var lastHeartbeat: Date
    public var cacheMemoryBytes: Int64
    public var cacheDiskBytes: Int64

    public init(
        id: String, address: String, version: String, policyDigest: String, startedAt: Date, lastHeartbeat: Date,
        cacheMemoryBytes: Int64, cacheDiskBytes: Int64
    ) {
        self.id = id
        self.address = address
        self.version = version
        self.policyDigest = policyDigest
        self.startedAt = startedAt
        self.lastHeartbeat = lastHeartbeat
        self.cacheMemoryBytes = cacheMemoryBytes
        self.cacheDiskBytes = cacheDiskBytes
    }
}

/// The nodes of a network, from their heartbeats in the shared database (`gateway cluster status`).
public struct NodeRegistry: Sendable {
    let database: SharedDatabase

    public init(database: SharedDatabase) { self.database = database }

    /// Records `status` as the node's latest heartbeat (the database's clock stamps it).
    public func beat(_ status: NodeStatus) async throws {
        try await database.bounded("heartbeat") {
            try await database.client.query(
                """
                INSERT INTO gateway_node (id, address, version, policy_digest, started_at, last_heartbeat, \
                cache_memory_bytes, cache_disk_bytes) VALUES (\(status.id), \(status.address), \(status.version), \
                \(status.policyDigest), \(status.startedAt), now(), \(status.cacheMemoryBytes), \(status.cacheDiskBytes)) \
                ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, version = EXCLUDED.version, \
                policy_digest = EXCLUDED.policy_digest, started_at = EXCLUDED.started_at, last_heartbeat = now(), \
                cache_memory_bytes = EXCLUDED.cache_memory_bytes, cache_disk_bytes = EXCLUDED.cache_disk_bytes
                """, logger: database.logger)
        }
    }

    /// Every node that has beaten, the most recent first, with the database's current time (to judge which are
    /// alive by their last heartbeat on the same clock).
    public func nodes() async throws -> (now: Date, nodes: [NodeStatus]) {
        try await database.bounded("list nodes") {
            let now = try await database.client.query("SELECT now()", logger: database.logger).single(Date.self) ?? Date()
            var nodes = [NodeStatus]()
            let rows = try await database.client.query(
                """
                SELECT id, address, version, policy_digest, started_at, last_heartbeat, cache_memory_bytes, \
                cache_disk_bytes FROM gateway_node ORDER BY last_heartbeat DESC, id
                """, logger: database.logger)
            for try await row in rows.decode((String, String, String, String, Date, Date, Int64, Int64).self) {
                nodes.append(
                    NodeStatus(
                        id: row.0, address: row.1, version: row.2, policyDigest: row.3, startedAt: row.4, lastHeartbeat: row.5,
                        cacheMemoryBytes: row.6, cacheDiskBytes: row.7))
            }
            return (now, nodes)
        }
    }
}
