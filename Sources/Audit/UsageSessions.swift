public import Foundation
import Synchronization

/// Records usage at the grain libraries count it (COUNTER Release 5): the requests of one session for one item are
/// one audit record, not one row per HTTP request.
///
/// A PDF viewer or a video player makes hundreds of range requests for one reading; one row each made the audit log
/// grow by about 125 bytes per request (483 MB for two minutes of range traffic), every report scan them, and would
/// make every range request a database write once the database is shared. Here:
///
/// - A **session** is the subject (patron, key, delivery) and its library, within one clock hour (COUNTER: the user
///   plus date and hour), from one client address (so the log still says where requests came from; COUNTER's
///   unique counts group a subject's records of one hour). Its requests for one item, action and decision are
///   gathered in memory and written as one record carrying their count (``AuditRecord/requests``) and bytes, with
///   the first request's time, status and user agent — when the session has been idle for ``Settings/idle``, has
///   been open for
///   ``Settings/maximumAge`` (so a crash loses at most that much), its hour has ended, on ``flush()`` (reports,
///   shutdown), or when ``Settings/capacity`` sessions are open (memory stays bounded whatever the traffic).
/// - **Refusals** are written one by one, up to ``Settings/refusalsPerClientHour`` per client address and hour;
///   beyond that, a client's refusals are gathered like served requests, so a client hammering a forbidden item
///   cannot grow the log at will.
///
/// Reports (``AuditLog/statistics(from:to:by:timeZone:)``) sum ``AuditRecord/requests``, so their numbers mean what
/// they meant; go through ``statistics(from:to:by:timeZone:)`` here so that open sessions are counted too.
public final class UsageSessions: Sendable {
    /// When gathered requests are written.
    public struct Settings: Sendable {
        /// A session item without a request for this long is written.
        public var idle: TimeInterval = 30
        /// A session item open this long is written even while requests keep coming.
        public var maximumAge: TimeInterval = 300
        /// The most session items held in memory; reaching it writes them all.
        public var capacity = 100_000
        /// Refusals written one by one per client address and hour.
        public var refusalsPerClientHour = 100
        /// How often open sessions are checked.
        public var sweepInterval: Duration = .seconds(1)

        public init() {}
    }

    /// The record gathering one session's requests for one item.
    private struct Key: Hashable {
        var subject: String
        var library: String
        var client: String
        var assetID: String
        var action: String
        var decision: String
        var ruleID: String?
        var hour: Int64
    }

    private struct Gathered {
        var record: AuditRecord
        var opened: Date
        var last: Date
    }

    private struct ClientHour: Hashable {
        var client: String
        var hour: Int64
    }

    private struct State {
        var open: [Key: Gathered] = [:]
        var refusals: [ClientHour: Int] = [:]
        var closed = false
    }

    /// Where records go.
    public let log: any AuditStore
    let settings: Settings
    private let state = Mutex(State())

    public init(log: any AuditStore, settings: Settings = Settings()) {
        self.log = log
        self.settings = settings
        let interval = settings.sweepInterval
        Task.detached(priority: .utility) { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !self.state.withLock({ $0.closed }) else { return }
                self.sweep(now: Date())
            }
        }
    }

    deinit {
        close()
    }

    /// The clock hour a request falls in.
    private static func hour(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 3600).rounded(.down))
    }

    /// Records one request. Never waits for the database.
    public func record(_ request: AuditRecord, now: Date = Date()) {
        let hour = Self.hour(request.time)
        let key = Key(
            subject: request.subject, library: request.library, client: request.clientAddress, assetID: request.assetID,
            action: request.action,
            decision: request.decision, ruleID: request.ruleID, hour: hour)
        var single: AuditRecord?
        let overflow = state.withLock { state -> [AuditRecord] in
            if request.decision != "allow" {
                let client = ClientHour(client: request.clientAddress, hour: hour)
                let count = state.refusals[client, default: 0]
                if count < settings.refusalsPerClientHour {
                    if state.refusals.count >= settings.capacity { state.refusals.removeAll() }
                    state.refusals[client] = count + 1
                    single = request
                    return []
                }
            }
            if var gathered = state.open[key] {
                gathered.record.requests += request.requests
                gathered.record.bytesSent += request.bytesSent
                gathered.last = now
                state.open[key] = gathered
                return []
            }
            var written: [AuditRecord] = []
            if state.open.count >= settings.capacity {
                written = state.open.values.map(\.record)
                state.open.removeAll(keepingCapacity: true)
            }
            state.open[key] = Gathered(record: request, opened: now, last: now)
            return written
        }
        if let single { log.append(single) }
        for record in overflow { log.append(record) }
    }

    /// Writes the session items that are due at `now`: idle, old, or of an hour that has ended.
    public func sweep(now: Date) {
        let currentHour = Self.hour(now)
        let due = state.withLock { state -> [AuditRecord] in
            var due: [AuditRecord] = []
            for (key, gathered) in state.open
            where key.hour < currentHour || now.timeIntervalSince(gathered.last) >= settings.idle
                || now.timeIntervalSince(gathered.opened) >= settings.maximumAge
            {
                due.append(gathered.record)
                state.open[key] = nil
            }
            if !state.refusals.isEmpty { state.refusals = state.refusals.filter { $0.key.hour >= currentHour } }
            return due
        }
        for record in due { log.append(record) }
    }

    /// Writes every open session item and waits until the log has committed everything appended so far.
    public func flush() async throws {
        writeOpen()
        try await log.flush()
    }

    /// Session items held in memory now.
    public var openItems: Int { state.withLock { $0.open.count } }

    /// Usage between `from` and `to` (see ``AuditLog/statistics(from:to:by:timeZone:)``), open sessions included.
    public func statistics(
        from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone = AuditLog.defaultTimeZone,
        library: String? = nil
    ) async throws -> [UsageRow] {
        writeOpen()
        return try await log.statistics(from: from, to: to, by: grouping, timeZone: timeZone, library: library)
    }

    /// The overview of whole days (see ``AuditStore/summary(fromDay:toDay:library:topItems:collections:)``), open sessions
    /// included.
    public func summary(
        fromDay: String, toDay: String, library: String?, topItems: Int, collections: Bool = true
    ) async throws -> UsageSummary {
        writeOpen()
        return try await log.summary(fromDay: fromDay, toDay: toDay, library: library, topItems: topItems, collections: collections)
    }

    /// Writes what is open and stops the sweeper (the log drains what it was given).
    public func close() {
        let open = state.withLock { state -> [AuditRecord] in
            state.closed = true
            defer { state.open.removeAll() }
            return Array(state.open.values.map(\.record))
        }
        for record in open { log.append(record) }
    }

    private func writeOpen() {
        let open = state.withLock { state -> [AuditRecord] in
            defer { state.open.removeAll(keepingCapacity: true) }
            return Array(state.open.values.map(\.record))
        }
        for record in open { log.append(record) }
    }
}
