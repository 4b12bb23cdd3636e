public import Audit
public import Foundation
import Logging
import PostgresNIO

/// `downloads_per_day` counted in the shared database, exact across nodes: each admission is one transaction that
/// takes a lock on its subject (`pg_advisory_xact_lock`), decides and, for a new download, inserts its window, so two
/// nodes admitting the same subject at the same moment are serialised and never both take the last download.
/// What counts as one download is as in ``DownloadQuota`` (a window of an hour per subject, item and client address).
public struct PostgresDownloadCounter: DownloadCounter {
    let database: SharedDatabase
    let calendar: ReportCalendar

    public init(database: SharedDatabase, timeZone: TimeZone) {
        self.database = database
        self.calendar = ReportCalendar(timeZone: timeZone)
    }

    public func admit(subject: String, assetID: String, client: String, limit: Int, now: Date) async throws -> DownloadQuota.Outcome {
        try await database.bounded("admit") {
            let logger = database.logger
            let day = calendar.dayKey(now)
            let nowMillis = AuditSchema.milliseconds(now)
            let windowStart = nowMillis - Int64(DownloadQuota.windowSeconds * 1000)
            let retryAfter = calendar.secondsUntilNextDay(now)
            return try await database.client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(subject), 15))", logger: logger)
                let outcome = try await Self.decide(
                    connection, subject: subject, assetID: assetID, client: client, limit: limit, day: day,
                    windowStart: windowStart, retryAfter: retryAfter, logger: logger)
                if case .counted = outcome {
                    try await connection.query(
                        """
                        INSERT INTO download_window (subject, asset_id, client, opened_at, day) \
                        VALUES (\(subject), \(assetID), \(client), \(nowMillis), \(day))
                        """, logger: logger)
                }
                return outcome
            }
        }
    }

    public func wouldAdmit(subject: String, assetID: String, client: String, limit: Int, now: Date) async throws -> DownloadQuota.Outcome {
        try await database.bounded("wouldAdmit") {
            let nowMillis = AuditSchema.milliseconds(now)
            let logger = database.logger
            let (day, retryAfter) = (calendar.dayKey(now), calendar.secondsUntilNextDay(now))
            return try await database.client.withConnection { connection in
                try await Self.decide(
                    connection, subject: subject, assetID: assetID, client: client, limit: limit, day: day,
                    windowStart: nowMillis - Int64(DownloadQuota.windowSeconds * 1000), retryAfter: retryAfter, logger: logger)
            }
        }
    }

    static func decide(
        _ connection: PostgresConnection, subject: String, assetID: String, client: String, limit: Int, day: String,
        windowStart: Int64, retryAfter: Int, logger: Logger
    ) async throws -> DownloadQuota.Outcome {
        let open = try await connection.query(
            """
            SELECT count(*) FROM download_window \
            WHERE subject = \(subject) AND asset_id = \(assetID) AND client = \(client) AND opened_at > \(windowStart)
            """, logger: logger)
        if try await open.single(Int.self) ?? 0 > 0 { return .continuing }
        let used = try await connection.query(
            "SELECT count(*) FROM download_window WHERE subject = \(subject) AND day = \(day)", logger: logger
        ).single(Int.self) ?? 0
        return used < limit ? .counted(used: used + 1) : .exhausted(retryAfter: retryAfter)
    }

    public func used(subject: String, on date: Date) async throws -> Int {
        try await database.bounded("used") {
            let day = calendar.dayKey(date)
            return try await database.client.query(
                "SELECT count(*) FROM download_window WHERE subject = \(subject) AND day = \(day)", logger: database.logger
            ).single(Int.self) ?? 0
        }
    }

    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await database.bounded("purge") {
            let millis = AuditSchema.milliseconds(cutoff)
            return try await database.client.query(
                "WITH gone AS (DELETE FROM download_window WHERE opened_at < \(millis) RETURNING 1) SELECT count(*) FROM gone",
                logger: database.logger
            ).single(Int.self) ?? 0
        }
    }
}
