public import Audit
import AssetStore
import Delivery
import LRUCache
public import Foundation

/// COUNTER Release 5.1 usage reports (PR, TR, IR) of a member library, from the audit log: what the COUNTER_SUSHI
/// API (``SushiRoutes``) answers and what the admin console offers for download (``render(kind:customer:begin:end:format:now:)``).
///
/// The counts are summed by the audit store (``AuditStore/counterUsage(_:)``; their definitions are
/// ``CounterCount``'s), months are calendar months of the configured report time zone (`time_zone`), titles and
/// data types come from the catalog, publishers and institution names from `Config/libraries.yaml`. Building the
/// document is pure (``CounterReport``); this type does the I/O around it.
public struct CounterReports: Sendable {
    let services: GatewayServices

    public init(services: GatewayServices) {
        self.services = services
    }

    /// The platform as reports name it.
    public static let platform = CounterPlatform(
        name: "Literature Delivery Gateway", namespace: "ldgw", createdBy: "Literature Delivery Gateway")

    /// The report formats: COUNTER JSON (as the COUNTER_SUSHI API answers) or the tabular form as TSV.
    public enum Format: String, Sendable, CaseIterable {
        case json, tsv
    }

    /// A report ready to send: its bytes, `Content-Type` and a file name for `Content-Disposition`.
    public struct Rendered: Sendable {
        public var body: Data
        public var contentType: String
        /// `PR_harbin_2026-11_2026-11.tsv`.
        public var fileName: String
        /// The Exceptions in the report's header (3030 when there is no usage, …), for a page to show.
        public var exceptions: [CounterException]
        public var report: CounterReport
    }

    /// The report `kind` of `customer` (a library id) for the months `begin` through `end` (`yyyy-MM`, or a day in the
    /// month, `yyyy-MM-dd`), as JSON or TSV: the entry point of the console's download link.
    ///
    /// - Throws: ``CounterException`` 3020 for dates that are not months, an `end` before `begin`, a `begin` in the
    ///   current month or later; a store error when the audit log cannot be read. A customer that has no usage gets
    ///   a report with Exception 3030, not an error (the caller decides who may see which customer).
    public func render(
        kind: CounterReportKind, customer: String, begin: String, end: String, format: Format, now: Date = Date()
    ) async throws -> Rendered {
        guard let first = CounterMonth(parsing: begin) else { throw CounterException.invalidDates("begin_date '\(begin)' is not yyyy-MM or yyyy-MM-dd") }
        guard let last = CounterMonth(parsing: end) else { throw CounterException.invalidDates("end_date '\(end)' is not yyyy-MM or yyyy-MM-dd") }
        let report = try await report(kind: kind, customer: customer, begin: first, end: last, now: now)
        return Self.rendered(report, format: format)
    }

    /// `report` as `format`.
    static func rendered(_ report: CounterReport, format: Format) -> Rendered {
        let stem = "\(report.kind.reportID)_\(Self.fileNamePart(report.institution.customerID))_\(report.months.first?.key ?? "")_\(report.months.last?.key ?? "")"
        switch format {
        case .json:
            return Rendered(
                body: report.json(), contentType: "application/json; charset=utf-8", fileName: stem + ".json",
                exceptions: report.exceptions, report: report)
        case .tsv:
            return Rendered(
                body: Data(report.tsv().utf8), contentType: "text/tab-separated-values; charset=utf-8", fileName: stem + ".tsv",
                exceptions: report.exceptions, report: report)
        }
    }

    /// A library id made safe for a file name (letters, digits, `-`, `_`, `.`).
    static func fileNamePart(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) ? Character($0) : "_" })
    }

    /// The report of `customer` for `begin` through `end`, with the request's own `exceptions` (unknown parameters,
    /// invalid filter values) first in its header.
    public func report(
        kind: CounterReportKind, customer: String, begin: CounterMonth, end: CounterMonth,
        options: CounterReportOptions = CounterReportOptions(), exceptions: [CounterException] = [], now: Date = Date()
    ) async throws -> CounterReport {
        let timeZone = services.configuration.reportTimeZone
        let period = try CounterPeriod.plan(
            begin: begin, end: end, now: now, timeZone: timeZone, firstKept: firstKept(now: now))
        // Open sessions are written first, so the report counts every request made before it (as `statistics`).
        try await services.usage.flush()
        let usage = try await services.audit.counterUsage(
            CounterQuery(months: period.available.map { $0.span(in: timeZone) }, library: customer))
        var items: [String: CounterItemInfo] = [:]
        for assetID in Set(usage.counts.map(\.assetID)) {
            if let info = try await itemInfo(assetID) { items[assetID] = info }
        }
        return CounterReport.build(
            kind: kind, institution: institution(customer), platform: Self.platform, period: period, options: options,
            usage: usage, items: items, exceptions: exceptions, created: now)
    }

    /// The first month whose records are all kept (`audit_retention_days`), nil when nothing is purged.
    func firstKept(now: Date) -> CounterMonth? {
        CounterPeriod.firstKept(
            retentionDays: services.configuration.auditRetentionDays, now: now, timeZone: services.configuration.reportTimeZone)
    }

    /// The first and last months a report has data for: from the oldest record kept (or the retention horizon) to
    /// the last month that has ended.
    func availableMonths(now: Date) async throws -> (first: CounterMonth, last: CounterMonth) {
        let timeZone = services.configuration.reportTimeZone
        let last = CounterMonth.containing(now, in: timeZone).adding(months: -1)
        try await services.usage.flush()
        let oldest = try await services.audit.counterUsage(CounterQuery(months: [], library: nil)).oldestRecord
        var first = oldest.map { CounterMonth.containing($0, in: timeZone) } ?? last
        if let kept = firstKept(now: now), kept > first { first = kept }
        return (min(first, last), last)
    }

    /// A member library as reports name it: its name in its own language from `Config/libraries.yaml` (the id for a
    /// library the directory does not list).
    func institution(_ customer: String) -> CounterInstitution {
        let library = services.libraries.library(id: customer)
        return CounterInstitution(customerID: customer, name: library.name[library.language])
    }

    /// The catalog's metadata of an item (from the asset cache when there, else the catalog without filling the
    /// cache, so a large report does not push out the items being served).
    func itemInfo(_ assetID: String) async throws -> CounterItemInfo? {
        let cached = services.assetCache.value(forKey: assetID)
        let found: Asset?
        if let cached { found = cached } else { found = try await services.catalog.asset(id: assetID) }
        guard let asset = found else { return nil }
        let owner = services.libraries.library(id: asset.ownerLibrary)
        return CounterItemInfo(
            title: asset.title, publisher: owner.name[owner.language], dataType: Self.dataType(asset.mediaKind),
            accessType: asset.rights == .open ? .open : .controlled)
    }

    /// The COUNTER data type of a media kind (see ``CounterDataType``).
    static func dataType(_ kind: MediaKind) -> CounterDataType {
        switch kind {
        case .pdf, .epub, .text: return .unspecified
        case .image: return .image
        case .audio: return .sound
        case .video: return .audiovisual
        case .other: return .other
        }
    }

    /// The member libraries: those of `Config/libraries.yaml`, those holding a live library key, and (with
    /// `recordsFrom`) those with audit records in that month and the months after it up to the current one (whole
    /// days, so the store answers from its daily counts); sorted, without the `-` of records that have no library.
    func members(recordsFrom first: CounterMonth? = nil, now: Date = Date()) async throws -> [String] {
        var ids = Set(services.libraries.ids)
        for key in try await services.apiKeys.list() where key.kind == .library && key.revokedAt == nil {
            if let library = key.library { ids.insert(library) }
        }
        if let first {
            let timeZone = services.configuration.reportTimeZone
            let end = CounterMonth.containing(now, in: timeZone).span(in: timeZone).end
            let rows = try await services.usage.statistics(
                from: first.span(in: timeZone).start, to: end, by: .library, timeZone: timeZone)
            ids.formUnion(rows.map(\.key))
        }
        ids.remove("-")
        ids.remove("")
        return ids.sorted()
    }
}
