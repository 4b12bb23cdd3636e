public import Foundation
public import GRDB
import Synchronization

/// Durable per-subject daily download counters behind the policy limit `downloads_per_day`.
///
/// **What counts as one download.** A viewer or player fetches a file with many range requests, so counting requests
/// would be unfair. A download is a *window*: the first request of a subject for an item from one client address
/// opens a window of ``windowSeconds`` (one hour); every further request of that subject for that item from that
/// address inside the window belongs to the same download. Each window opened counts once against the subject's
/// allowance for the day it opened on (days in the configured report time zone).
///
/// Windows are rows in the catalog database, written in one write transaction per new window, so the count is exact
/// however many requests race (SQLite serialises writers) and survives restarts. Requests inside a known open window
/// are answered from memory without touching the database.
public final class DownloadQuota: Sendable {
    /// How long one download lasts: requests for the same item from the same address within it count once.
    public static let windowSeconds: TimeInterval = 3600

    /// What ``admit(subject:assetID:client:limit:now:)`` decided.
    public enum Outcome: Sendable, Equatable {
        /// A new download, counted: `used` of the day's allowance are now spent.
        case counted(used: Int)
        /// A request inside an open download window: not counted again.
        case continuing
        /// The allowance for today is spent; a new download is possible after `retryAfter` seconds (next day).
        case exhausted(retryAfter: Int)
    }

    private struct WindowKey: Hashable {
        var subject: String
        var assetID: String
        var client: String
    }

    let database: DatabasePool
    let timeZone: TimeZone
    /// Open windows this process knows about (subject, item, address) → opening time; a fast path only.
    private let openWindows = Mutex<[WindowKey: Date]>([:])

    /// Opens the counters in `database` (the catalog's), creating their table if needed.
    public init(database: DatabasePool, timeZone: TimeZone = AuditLog.defaultTimeZone) throws {
        self.database = database
        self.timeZone = timeZone
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-download-window") { db in
            try db.create(table: "download_window") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("subject", .text).notNull()
                t.column("assetID", .text).notNull()
                t.column("client", .text).notNull()
                t.column("openedAt", .integer).notNull()
                t.column("day", .text).notNull()
            }
            try db.create(index: "download_window_by_subject_day", on: "download_window", columns: ["subject", "day"])
            try db.create(
                index: "download_window_by_key", on: "download_window", columns: ["subject", "assetID", "client", "openedAt"])
        }
        try migrator.migrate(database)
    }

    /// Decides whether `subject` may fetch `assetID` from `client` under `downloads_per_day: limit`, counting a new
    /// download when one starts.
    public func admit(subject: String, assetID: String, client: String, limit: Int, now: Date = Date()) async throws
        -> Outcome
    {
        let key = WindowKey(subject: subject, assetID: assetID, client: client)
        if knowsOpenWindow(key, now: now) { return .continuing }
        let nowMillis = AuditSchema.milliseconds(now)
        let outcome: (Outcome, Date?) = try await database.write { db in
            let found = try self.decide(key, limit: limit, now: now, db)
            guard case .counted = found.outcome else { return found }
            try db.execute(
                sql: "INSERT INTO download_window (subject, assetID, client, openedAt, day) VALUES (?, ?, ?, ?, ?)",
                arguments: [subject, assetID, client, nowMillis, self.dayKey(now)])
            return (found.outcome, now)
        }
        if let opened = outcome.1 {
            openWindows.withLock { windows in
                // Forget closed windows now and then so the map stays small.
                if windows.count > 10_000 { windows = windows.filter { now.timeIntervalSince($0.value) < Self.windowSeconds } }
                windows[key] = opened
            }
        }
        return outcome.0
    }

    /// Whether ``admit(subject:assetID:client:limit:now:)`` would admit now, without counting anything: the
    /// gateway asks before it starts work (a transcode) whose result it could not hand out.
    public func wouldAdmit(subject: String, assetID: String, client: String, limit: Int, now: Date = Date()) async throws
        -> Outcome
    {
        let key = WindowKey(subject: subject, assetID: assetID, client: client)
        if knowsOpenWindow(key, now: now) { return .continuing }
        return try await database.read { db in try self.decide(key, limit: limit, now: now, db).outcome }
    }

    /// Whether this process knows of an open window for `key` (a fast path; the database decides otherwise).
    private func knowsOpenWindow(_ key: WindowKey, now: Date) -> Bool {
        guard let opened = openWindows.withLock({ $0[key] }) else { return false }
        return now.timeIntervalSince(opened) < Self.windowSeconds
    }

    /// The decision for `key` as the table stands, counting nothing: inside an open window (with its opening), a new
    /// download (the day's allowance not spent), or exhausted.
    private func decide(_ key: WindowKey, limit: Int, now: Date, _ db: Database) throws -> (outcome: Outcome, opened: Date?) {
        let windowStart = AuditSchema.milliseconds(now) - Int64(Self.windowSeconds * 1000)
        if let opened = try Int64.fetchOne(
            db,
            sql: "SELECT MAX(openedAt) FROM download_window WHERE subject = ? AND assetID = ? AND client = ? AND openedAt > ?",
            arguments: [key.subject, key.assetID, key.client, windowStart])
        {
            return (.continuing, Date(timeIntervalSince1970: Double(opened) / 1000))
        }
        let used = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM download_window WHERE subject = ? AND day = ?", arguments: [key.subject, dayKey(now)]) ?? 0
        return (used < limit ? .counted(used: used + 1) : .exhausted(retryAfter: secondsUntilNextDay(now)), nil)
    }

    /// Downloads `subject` has started on the day containing `date`.
    public func used(subject: String, on date: Date = Date()) async throws -> Int {
        let day = dayKey(date)
        return try await database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM download_window WHERE subject = ? AND day = ?", arguments: [subject, day]) ?? 0
        }
    }

    /// Deletes windows opened before `cutoff` (they no longer affect any decision once their day is over).
    @discardableResult
    public func purge(olderThan cutoff: Date) async throws -> Int {
        let millis = AuditSchema.milliseconds(cutoff)
        return try await database.write { db in
            try db.execute(sql: "DELETE FROM download_window WHERE openedAt < ?", arguments: [millis])
            return db.changesCount
        }
    }

    func dayKey(_ date: Date) -> String { ReportCalendar(timeZone: timeZone).dayKey(date) }

    func secondsUntilNextDay(_ date: Date) -> Int { ReportCalendar(timeZone: timeZone).secondsUntilNextDay(date) }
}
