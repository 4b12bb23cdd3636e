public import Foundation
import Logging
import PostgresNIO

/// `concurrent_streams` across a network: a stream (one item sent to one subject) is open while some node holds a
/// live lease on it. A node takes a lease when it starts a response, renews the leases of the streams it is sending
/// every ``renewEvery`` (a lease lives ``ttlMilliseconds``), and when its last response of a stream ends shortens the
/// lease to the grace period that keeps one player's segment after segment one stream. A node that dies stops
/// renewing and its streams close by themselves within ``ttlMilliseconds``.
///
/// Admission is one transaction under a lock on the subject (as ``PostgresDownloadCounter``): two nodes starting two
/// new streams for a subject at its limit at the same moment are serialised and only one gets the last one. Times
/// are the database's clock, so nodes' clocks need not agree.
public struct PostgresStreamLeases: Sendable {
    let database: SharedDatabase
    /// This process's name on its leases (a restarted node is a new holder; the old process's leases expire).
    public let holder: String
    public static let ttlMilliseconds: Int64 = 30_000
    public static let renewEvery: Duration = .seconds(10)

    public init(database: SharedDatabase, holder: String = UUID().uuidString.lowercased()) {
        self.database = database
        self.holder = holder
    }

    static let now = "(extract(epoch from clock_timestamp()) * 1000)::bigint"

    /// Takes (or extends) this holder's lease on `subject`'s stream of `assetID`, unless `limit` streams of other items
    /// are open on any node: then returns the seconds to wait.
    public func acquire(subject: String, assetID: String, limit: Int, retryAfter: Int) async throws -> Int? {
        let holder = holder, logger = database.logger
        return try await database.bounded("stream lease") {
            try await database.client.withTransaction(logger: logger) { connection -> Int? in
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(subject), 16))", logger: logger)
                try await connection.query(
                    "DELETE FROM stream_lease WHERE subject = \(subject) AND expires_at < \(unescaped: Self.now)", logger: logger)
                let rows = try await connection.query(
                    """
                    SELECT count(DISTINCT asset_id) FILTER (WHERE asset_id <> \(assetID))::bigint, \
                    coalesce(bool_or(asset_id = \(assetID)), false) FROM stream_lease WHERE subject = \(subject)
                    """, logger: logger)
                var others: Int64 = 0, open = false
                for try await (count, mine) in rows.decode((Int64, Bool).self) { (others, open) = (count, mine) }
                if !open, others >= Int64(limit) { return retryAfter }
                try await connection.query(
                    """
                    INSERT INTO stream_lease (subject, asset_id, holder, expires_at) \
                    VALUES (\(subject), \(assetID), \(holder), \(unescaped: Self.now) + \(Self.ttlMilliseconds)) \
                    ON CONFLICT (subject, asset_id, holder) DO UPDATE SET expires_at = GREATEST(stream_lease.expires_at, EXCLUDED.expires_at)
                    """, logger: logger)
                return nil
            }
        }
    }

    /// The seconds to wait if ``acquire(subject:assetID:limit:retryAfter:)`` would refuse now, nil if it would admit.
    public func wouldRefuse(subject: String, assetID: String, limit: Int, retryAfter: Int) async throws -> Int? {
        try await database.bounded("stream lease") {
            let rows = try await database.client.query(
                """
                SELECT count(DISTINCT asset_id) FILTER (WHERE asset_id <> \(assetID))::bigint, \
                coalesce(bool_or(asset_id = \(assetID)), false) FROM stream_lease \
                WHERE subject = \(subject) AND expires_at >= \(unescaped: Self.now)
                """, logger: database.logger)
            for try await (others, open) in rows.decode((Int64, Bool).self) {
                return !open && others >= Int64(limit) ? retryAfter : nil
            }
            return nil
        }
    }

    /// This holder's last response of the stream ended: the lease lasts `graceMilliseconds` more.
    public func release(subject: String, assetID: String, graceMilliseconds: Int64) async throws {
        let holder = holder
        try await database.bounded("stream lease") {
            try await database.client.query(
                """
                UPDATE stream_lease SET expires_at = \(unescaped: Self.now) + \(graceMilliseconds) \
                WHERE subject = \(subject) AND asset_id = \(assetID) AND holder = \(holder)
                """, logger: database.logger)
        }
    }

    /// Extends this holder's leases on `streams` (subject, item) by a full lifetime; removes expired leases of the
    /// network. Returns how many were renewed.
    @discardableResult
    public func renew(_ streams: [(subject: String, assetID: String)]) async throws -> Int {
        let holder = holder
        let subjects = streams.map(\.subject), assets = streams.map(\.assetID)
        return try await database.bounded("stream lease") {
            try await database.client.query(
                "DELETE FROM stream_lease WHERE expires_at < \(unescaped: Self.now) - 60000", logger: database.logger)
            guard !subjects.isEmpty else { return 0 }
            let rows = try await database.client.query(
                """
                INSERT INTO stream_lease (subject, asset_id, holder, expires_at) \
                SELECT s, a, \(holder), \(unescaped: Self.now) + \(Self.ttlMilliseconds) FROM unnest(\(subjects)::text[], \(assets)::text[]) AS x(s, a) \
                ON CONFLICT (subject, asset_id, holder) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING 1
                """, logger: database.logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }

    /// Streams open for `subject` on the whole network now.
    public func openStreams(subject: String) async throws -> Int {
        try await database.bounded("stream lease") {
            try await database.client.query(
                "SELECT count(DISTINCT asset_id)::bigint FROM stream_lease WHERE subject = \(subject) AND expires_at >= \(unescaped: Self.now)",
                logger: database.logger
            ).single(Int64.self).map(Int.init) ?? 0
        }
    }
}
