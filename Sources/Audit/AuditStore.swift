public import Foundation

/// Where audit records go and reports come from: the append-only log of every decision that served or refused
/// bytes. The embedded implementation is ``AuditLog`` (SQLite, the catalog's database); a shared database implements
/// the same requirements, and the audit test suite's behaviour tests run against the protocol.
public protocol AuditStore: Sendable {
    /// Records one record; returns at once (records are written in batches by the store).
    func append(_ record: AuditRecord)
    /// Returns once every record appended before the call is committed.
    func flush() async throws
    /// Usage between `from` (included) and `to` (excluded), one row per key of `grouping`, sorted by key, of one
    /// library or of every library (`library` nil); pending records are flushed first.
    func statistics(
        from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone, library: String?
    ) async throws -> [UsageRow]
    /// The console's overview of whole days `[fromDay, toDay)` (`yyyy-MM-dd` in the store's zone) from the daily
    /// counts, for the network (`library` nil) or one library, with the `topItems` most requested items and the
    /// collections when `collections`; pending records are flushed first.
    func summary(fromDay: String, toDay: String, library: String?, topItems: Int, collections: Bool) async throws -> UsageSummary
    /// COUNTER counts per month and item of one library or the network (see ``CounterCount``), summed in the
    /// database; pending records are flushed first.
    func counterUsage(_ query: CounterQuery) async throws -> CounterUsage
    /// Deletes records older than `cutoff` (retention); returns how many.
    func purge(olderThan cutoff: Date) async throws -> Int
    /// Records dropped because the store fell too far behind (bounded memory).
    var droppedRecords: Int { get }
    /// Records appended but not yet written.
    var pendingRecords: Int { get }
}

extension AuditStore {
    /// Usage of every library by `grouping`.
    public func statistics(from: Date, to: Date, by grouping: StatisticsGrouping, timeZone: TimeZone) async throws -> [UsageRow] {
        try await statistics(from: from, to: to, by: grouping, timeZone: timeZone, library: nil)
    }

    /// Usage by `grouping` with days counted in Asia/Shanghai.
    public func statistics(from: Date, to: Date, by grouping: StatisticsGrouping) async throws -> [UsageRow] {
        try await statistics(from: from, to: to, by: grouping, timeZone: AuditLog.defaultTimeZone)
    }
}

extension AuditLog: AuditStore {}
