public import Foundation
import Logging
import PostgresNIO

/// Transcoding once per network: one row per rendition or HLS segment (by its cache key) says which node makes it,
/// until when its lease runs (renewed while it works), how far it has got, and how it ended. A node that wants a
/// result nobody has made claims the row; the others wait for it and then read the result from the object store. A
/// node that dies stops renewing; once the lease has run out another node takes the job over. Times are the
/// database's clock.
public struct PostgresTranscodeJobs: Sendable {
    let database: SharedDatabase
    public let holder: String
    public static let leaseMilliseconds: Int64 = 15_000

    public init(database: SharedDatabase, holder: String = UUID().uuidString.lowercased()) {
        self.database = database
        self.holder = holder
    }

    /// What a claim found.
    public enum Claim: Sendable, Equatable {
        /// This node makes it now.
        case claimed
        /// Another node is making it; `fraction` done.
        case running(fraction: Double)
        /// Made: the result is in the object store.
        case done
        /// Failed for good on some node (unprocessable media): the failure's code name and message.
        case failed(code: String, message: String)
    }

    static let now = "(extract(epoch from clock_timestamp()) * 1000)::bigint"

    /// Claims the job for `key` unless another node holds a live lease on it or it has ended.
    public func claim(_ key: String) async throws -> Claim {
        let holder = holder
        return try await database.bounded("transcode job") {
            // A new row, or a running one whose lease ran out (its node died), or one released after a failure that
            // may not repeat, becomes this node's.
            let taken = try await database.client.query(
                """
                INSERT INTO transcode_job (key, holder, state, expires_at, fraction) \
                VALUES (\(key), \(holder), 'running', \(unescaped: Self.now) + \(Self.leaseMilliseconds), 0) \
                ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, state = 'running', expires_at = EXCLUDED.expires_at, \
                fraction = 0, failure_code = NULL, failure = NULL \
                WHERE transcode_job.state = 'released' OR (transcode_job.state = 'running' AND transcode_job.expires_at < \(unescaped: Self.now)) \
                RETURNING holder
                """, logger: database.logger)
            for try await _ in taken.decode(String.self) { return .claimed }
            let rows = try await database.client.query(
                "SELECT state, fraction, coalesce(failure_code, ''), coalesce(failure, '') FROM transcode_job WHERE key = \(key)",
                logger: database.logger)
            for try await (state, fraction, code, message) in rows.decode((String, Double, String, String).self) {
                switch state {
                case "done": return .done
                case "failed": return .failed(code: code, message: message)
                default: return .running(fraction: fraction)
                }
            }
            // Removed between the two statements (``forget(_:)``): claim again.
            return .running(fraction: 0)
        }
    }

    /// Extends this node's lease on `key` and records its progress; false if the job is no longer this node's.
    @discardableResult
    public func renew(_ key: String, fraction: Double) async throws -> Bool {
        let holder = holder
        return try await database.bounded("transcode job") {
            let rows = try await database.client.query(
                """
                UPDATE transcode_job SET expires_at = \(unescaped: Self.now) + \(Self.leaseMilliseconds), fraction = \(fraction) \
                WHERE key = \(key) AND holder = \(holder) AND state = 'running' RETURNING 1
                """, logger: database.logger)
            for try await _ in rows { return true }
            return false
        }
    }

    /// This node's job ended: `done` (the result is in the object store), `failed` for good with a code and message,
    /// or released (a failure another node may not meet: cancelled, overloaded, I/O) so the next asker claims it.
    public func finish(_ key: String, state: String, failureCode: String? = nil, failure: String? = nil) async throws {
        let holder = holder
        try await database.bounded("transcode job") {
            try await database.client.query(
                """
                UPDATE transcode_job SET state = \(state), failure_code = \(failureCode), failure = \(failure), fraction = 1, \
                expires_at = \(unescaped: Self.now) WHERE key = \(key) AND holder = \(holder)
                """, logger: database.logger)
        }
    }

    /// Forgets `key` (its result went missing from the object store): the next claim makes it again.
    public func forget(_ key: String) async throws {
        try await database.bounded("transcode job") {
            try await database.client.query("DELETE FROM transcode_job WHERE key = \(key) AND state <> 'running'", logger: database.logger)
        }
    }
}
