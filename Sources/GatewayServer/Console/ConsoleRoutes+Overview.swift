import AdminConsole
import AssetStore
import Audit
import Foundation
import Logging
import HTTPTypes
import Hummingbird
import NIOCore

/// The overview's period and scope, as read from the query.
struct OverviewQuery: Sendable {
    /// `30`, `90`, `365` or `custom`.
    var choice: String
    var from: Date
    var to: Date
    /// Every day of the period (`yyyy-MM-dd`), in order.
    var days: [String]
    /// The day after the last, the exclusive end the daily counts are asked with.
    var endDay: String
    /// `library` or `collection`.
    var grouping: String
    /// The library the figures are limited to (nil: the network).
    var library: String?

    static let choices = ["30", "90", "365"]
    /// The longest custom period (a leap year).
    static let longestDays = 366
}

extension ConsoleRoutes {
    /// The period, grouping and scope of an overview request, or the message saying why it cannot be shown (or the
    /// 403 answer when a library key asks for another library or the network).
    func overviewQuery(_ console: ConsoleRequest) throws -> OverviewQuery {
        let session = console.session!
        let zone = services.configuration.reportTimeZone
        let calendar = ReportCalendar(timeZone: zone)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let asked = console.query["library"].flatMap { $0.isEmpty ? nil : $0 }
        let library: String?
        if session.key.kind == .admin {
            library = asked
        } else {
            guard asked == nil || asked == session.key.library else {
                throw ConsoleAnswer(message(console, .forbidden, console.word("forbidden")))
            }
            library = session.key.library
        }
        let grouping = console.query["by"] == "collection" ? "collection" : "library"
        func bad(_ reason: String) -> ConsoleAnswer {
            ConsoleAnswer(message(console, .badRequest, console.word("badPeriod") + reason))
        }
        let from: Date, to: Date, choice: String
        if let first = console.query["from"], let last = console.query["to"], !first.isEmpty || !last.isEmpty {
            do {
                (from, to) = try UsagePeriod.parse(from: first, to: last, timeZone: zone.identifier)
            } catch {
                throw bad("\(error)")
            }
            let span = gregorian.dateComponents([.day], from: from, to: to).day ?? Int.max
            guard span <= OverviewQuery.longestDays else {
                throw bad("\(span) days; at most \(OverviewQuery.longestDays).")
            }
            choice = "custom"
        } else {
            let period = console.query["period"] ?? "30"
            guard OverviewQuery.choices.contains(period), let count = Int(period) else {
                throw bad("period must be 30, 90 or 365 days, not '\(period)'.")
            }
            let tomorrow = gregorian.date(byAdding: .day, value: 1, to: gregorian.startOfDay(for: Date())) ?? Date()
            to = tomorrow
            from = gregorian.date(byAdding: .day, value: -count, to: tomorrow) ?? tomorrow
            choice = period
        }
        var days: [String] = []
        var day = from
        while day < to, days.count <= OverviewQuery.longestDays {
            days.append(calendar.dayKey(day))
            day = gregorian.date(byAdding: .day, value: 1, to: day) ?? to
        }
        return (
            OverviewQuery(choice: choice, from: from, to: to, days: days, endDay: calendar.dayKey(to), grouping: grouping, library: library))
    }

    /// `GET /admin/?period=30|90|365` or `?from=&to=`, `&by=library|collection`, `&library=`: usage charts and tables.
    @Sendable func overview(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let query = try overviewQuery(console)
        let summary = try await summary(query, topItems: 10)
        let words = console.words
        var values: [String: Any] = [:]
        values["periods"] =
            OverviewQuery.choices.map { ["value": $0, "label": words["last\($0)"] ?? $0, "selected": $0 == query.choice] }
            + (query.choice == "custom" ? [["value": "custom", "label": words["custom"] ?? "", "selected": true]] : [])
        values["groupings"] = [
            ["value": "library", "label": words["byLibrary"] ?? "", "selected": query.grouping == "library"],
            ["value": "collection", "label": words["byCollection"] ?? "", "selected": query.grouping == "collection"],
        ]
        // The date fields carry a custom period only: filled in, they would win over the choice of the list.
        if query.choice == "custom" {
            values["from"] = query.days.first ?? ""
            values["to"] = query.days.last ?? ""
        }
        values["rangeText"] =
            "\(query.days.first ?? "") – \(query.days.last ?? "")"
            + (query.library.map { " · \($0)" } ?? " · \(words["networkAdmin"] ?? "")")
        values["hasUsage"] = !summary.days.isEmpty
        let series = ["read", "download", "stream"].map { ConsoleChart.Series(key: $0, label: words[$0] ?? $0) }
        var perDay: [String: [String: Int]] = [:]
        for day in summary.days { perDay[day.key] = day.allowed }
        values["perDayChart"] = ConsoleChart.stackedBars(columns: query.days, series: series, values: perDay)
        values["dayRows"] = summary.days.map(Self.row)
        values["totalRow"] = Self.row(summary.totals)
        let groups = query.grouping == "collection" ? summary.collections : summary.libraries
        values["groupHeading"] = words[query.grouping == "collection" ? "byCollection" : "byLibrary"] ?? ""
        values["groupLabel"] = words[query.grouping == "collection" ? "byCollection" : "library"] ?? ""
        values["groupChart"] = ConsoleChart.horizontalBars(rows: groups.map { ($0.key, $0.allowedTotal) })
        values["groupRows"] = groups.map(Self.row)
        values["refusals"] = summary.refusals.map { refusal -> [String: Any] in
            ["rule": refusal.rule.isEmpty ? (words["noRule"] ?? "") : refusal.rule, "status": refusal.status, "requests": refusal.requests]
        }
        values["hasRefusals"] = !summary.refusals.isEmpty
        var items: [[String: Any]] = []
        for item in summary.topItems {
            let title = (try? await services.asset(id: item.asset))?.title ?? ""
            items.append(["asset": item.asset, "title": title, "requests": item.requests])
        }
        values["topItems"] = items
        var csv = URLComponents()
        csv.queryItems = [
            URLQueryItem(name: "from", value: query.days.first), URLQueryItem(name: "to", value: query.days.last),
            URLQueryItem(name: "by", value: query.grouping),
        ] + (query.library.map { [URLQueryItem(name: "library", value: $0)] } ?? [])
        let base = "/admin/overview.csv?" + (csv.percentEncodedQuery ?? "")
        values["csvDays"] = base + "&table=days"
        values["csvGroups"] = base + "&table=groups"
        return page(.overview, console: console, title: console.word("overview"), section: .overview, values: values)
    }

    /// `GET /admin/overview.csv?…&table=days|groups`: the overview's table as CSV (RFC 4180, CRLF).
    @Sendable func overviewCSV(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let query = try overviewQuery(console)
        let summary = try await summary(query, topItems: 0)
        let byDay = console.query["table"] != "groups"
        let rows = byDay ? summary.days : (query.grouping == "collection" ? summary.collections : summary.libraries)
        var text = "\(byDay ? "day" : query.grouping),read,download,stream,other,refused,requests,bytes\r\n"
        for row in rows {
            let cells = Self.row(row)
            let counts = ["read", "download", "stream", "other", "refused", "requests"].map { "\(cells[$0] ?? 0)" }
            text += "\(UsageReport.csvField(row.key)),\(counts.joined(separator: ",")),\(row.bytes)\r\n"
        }
        var headers = Self.pageHeaders()
        headers[.contentType] = "text/csv; charset=utf-8"
        let name = "usage-\(byDay ? "day" : query.grouping)-\(query.days.first ?? "")-\(query.days.last ?? "").csv"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The daily counts of `query`'s period and scope (collections only when grouping by them).
    func summary(_ query: OverviewQuery, topItems: Int) async throws -> UsageSummary {
        do {
            return try await services.usage.summary(
                fromDay: query.days.first ?? query.endDay, toDay: query.endDay, library: query.library, topItems: topItems,
                collections: query.grouping == "collection")
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
    }

    /// One table row: allowed requests by action, other allowed, refused, all.
    static func row(_ breakdown: UsageSummary.Breakdown) -> [String: Any] {
        let read = breakdown.allowed["read", default: 0], download = breakdown.allowed["download", default: 0]
        let stream = breakdown.allowed["stream", default: 0]
        return [
            "key": breakdown.key, "read": read, "download": download, "stream": stream,
            "other": breakdown.allowedTotal - read - download - stream, "refused": breakdown.denied,
            "requests": breakdown.requests,
        ]
    }
}
