import Foundation
import Testing

@testable import Audit

/// COUNTER R5.1 counts from the audit log (both backends) and the report built from them (pure).
@Suite struct CounterReportTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let november = CounterMonth(year: 2026, month: 11)!

    /// A session-grain record as the gateway writes them.
    static func counted(
        _ time: String, subject: String, library: String = "harbin", asset: String, action: String = "read",
        decision: String = "allow", status: Int = 200, requests: Int = 1
    ) -> AuditRecord {
        AuditRecord(
            time: instant(time), subject: subject, library: library, assetID: asset, collection: "local-docs", action: action,
            decision: decision, ruleID: nil, status: status, bytesSent: 0, clientAddress: "10.0.0.1", userAgent: "test",
            requests: requests)
    }

    /// Every rule of ``CounterCount``: content actions only (a patron's fetch of a delivery counts, making one does
    /// not), allowed requests summed, sessions per subject, library and clock hour, refusals by status, months in the
    /// report's zone, one library or all.
    @Test(arguments: CounterBackend.allCases)
    func countsFollowTheDefinitions(backend: CounterBackend) async throws {
        let fixture = try await CounterFixture(backend)
        let store = try await fixture.auditStore()
        let records = [
            // Asset A: p1 twice within 10:00–11:00 UTC (one session), once after 11:00 (another), p2 once.
            Self.counted("2026-11-10T02:10:00Z", subject: "p1", asset: "A", action: "read", status: 206, requests: 3),
            Self.counted("2026-11-10T02:50:00Z", subject: "p1", asset: "A", action: "download", requests: 2),
            Self.counted("2026-11-10T03:05:00Z", subject: "p1", asset: "A", action: "read", requests: 1),
            Self.counted("2026-11-10T02:20:00Z", subject: "p2", asset: "A", action: "stream", requests: 4),
            // Making a delivery serves nothing: not counted. The patron's fetch of it is.
            Self.counted("2026-11-10T02:30:00Z", subject: "harbin", asset: "A", action: "deliver", status: 201),
            Self.counted("2026-11-11T05:00:00Z", subject: "delivery:d1", asset: "B", action: "deliver", requests: 1),
            // Refusals: by policy (403), by quota (429), and another status (counted in neither).
            Self.counted("2026-11-12T05:00:00Z", subject: "p3", asset: "B", action: "download", decision: "deny", status: 403, requests: 2),
            Self.counted("2026-11-12T05:01:00Z", subject: "p3", asset: "B", action: "download", decision: "deny", status: 429),
            Self.counted("2026-11-12T05:02:00Z", subject: "p3", asset: "B", action: "download", decision: "deny", status: 451),
            // Another library.
            Self.counted("2026-11-10T02:40:00Z", subject: "q1", library: "qiqihar", asset: "A", requests: 5),
            // Month boundaries in Shanghai: 1 November 00:30 is in; 31 October 23:59 and 1 December 00:00 are out.
            Self.counted("2026-10-31T16:30:00Z", subject: "p4", asset: "C"),
            Self.counted("2026-10-31T15:59:00Z", subject: "p4", asset: "C"),
            Self.counted("2026-11-30T16:00:00Z", subject: "p4", asset: "C"),
        ]
        for record in records { store.append(record) }
        let span = Self.november.span(in: Self.shanghai)
        let harbin = try await store.counterUsage(CounterQuery(months: [span], library: "harbin"))
        #expect(harbin.counts == [
            CounterCount(month: Self.november, assetID: "A", totalItemRequests: 10, uniqueItemRequests: 3, noLicense: 0, limitExceeded: 0),
            CounterCount(month: Self.november, assetID: "B", totalItemRequests: 1, uniqueItemRequests: 1, noLicense: 2, limitExceeded: 1),
            CounterCount(month: Self.november, assetID: "C", totalItemRequests: 1, uniqueItemRequests: 1, noLicense: 0, limitExceeded: 0),
        ])
        #expect(!harbin.truncated)
        #expect(harbin.oldestRecord == instant("2026-10-31T15:59:00Z"))
        let network = try await store.counterUsage(CounterQuery(months: [span], library: nil))
        #expect(network.counts.first == CounterCount(
            month: Self.november, assetID: "A", totalItemRequests: 15, uniqueItemRequests: 4, noLicense: 0, limitExceeded: 0))
        // Two months, capped: counts stop at the cap and say so.
        let october = CounterMonth(year: 2026, month: 10)!.span(in: Self.shanghai)
        let capped = try await store.counterUsage(CounterQuery(months: [october, span], library: "harbin", maximumCounts: 2))
        #expect(capped.counts.map { "\($0.month) \($0.assetID)" } == ["2026-10 C", "2026-11 A"])
        #expect(capped.truncated)
        let empty = try await store.counterUsage(CounterQuery(months: [span], library: "mudanjiang"))
        #expect(empty.counts.isEmpty)
    }

    @Test func monthsParseAndSpanTheReportZone() throws {
        #expect(CounterMonth(parsing: "2026-11") == Self.november)
        #expect(CounterMonth(parsing: "2026-11-30") == Self.november)
        for bad in ["2026-13", "2026-11-31", "2026-1", "26-11", "2026/11", "2026-11-01T00:00", "", "２０２６-11"] {
            #expect(CounterMonth(parsing: bad) == nil, "\(bad)")
        }
        let span = Self.november.span(in: Self.shanghai)
        #expect(span.start == instant("2026-10-31T16:00:00Z"))
        #expect(span.end == instant("2026-11-30T16:00:00Z"))
        #expect(Self.november.tabularHeading == "Nov-2026")
        #expect(CounterMonth(parsing: "2024-02")!.lastDay == "2024-02-29")
        #expect(CounterMonth.through(CounterMonth(parsing: "2025-11")!, CounterMonth(parsing: "2026-02")!).map(\.key)
            == ["2025-11", "2025-12", "2026-01", "2026-02"])
    }

    @Test func onlyMonthsThatHaveEndedAreReported() throws {
        let now = instant("2026-12-07T16:00:00Z")
        let plain = try CounterPeriod.plan(begin: Self.november, end: Self.november, now: now, timeZone: Self.shanghai, firstKept: nil)
        #expect(plain.available == [Self.november] && plain.exceptions.isEmpty)
        // An end in the current month is moved back, with 3031.
        let clamped = try CounterPeriod.plan(
            begin: CounterMonth(parsing: "2026-10")!, end: CounterMonth(parsing: "2027-01")!, now: now, timeZone: Self.shanghai,
            firstKept: nil)
        #expect(clamped.end == Self.november && clamped.available.map(\.key) == ["2026-10", "2026-11"])
        #expect(clamped.exceptions.map(\.code) == [3031])
        #expect(clamped.exceptions.first?.data?.hasPrefix("2026-12|2027-01") == true)
        // A begin in the current month, an end before the begin, or a century: 3020.
        for (begin, end) in [("2026-12", "2026-12"), ("2026-11", "2026-10"), ("2000-01", "2026-11")] {
            #expect(throws: CounterException.self) {
                try CounterPeriod.plan(
                    begin: CounterMonth(parsing: begin)!, end: CounterMonth(parsing: end)!, now: now, timeZone: Self.shanghai,
                    firstKept: nil)
            }
        }
        // Months older than retention: 3032, the rest reported.
        let kept = try #require(CounterPeriod.firstKept(retentionDays: 60, now: now, timeZone: Self.shanghai))
        #expect(kept.key == "2026-11")
        let old = try CounterPeriod.plan(
            begin: CounterMonth(parsing: "2026-09")!, end: Self.november, now: now, timeZone: Self.shanghai, firstKept: kept)
        #expect(old.available == [Self.november])
        #expect(old.exceptions.map(\.code) == [3032])
        #expect(CounterPeriod.firstKept(retentionDays: 0, now: now, timeZone: Self.shanghai) == nil)
    }

    static let platform = CounterPlatform(name: "Test Gateway", namespace: "tgw", createdBy: "Test Gateway")
    static let institution = CounterInstitution(customerID: "harbin", name: "Harbin Library")
    static let items = [
        "A": CounterItemInfo(title: "Gazetteer\tof Harbin", publisher: "Harbin Library", dataType: .unspecified, accessType: .open),
        "S": CounterItemInfo(title: "Folk songs", publisher: "Qiqihar Library", dataType: .sound, accessType: .controlled),
    ]

    static func report(_ kind: CounterReportKind, counts: [CounterCount], options: CounterReportOptions = CounterReportOptions())
        throws -> CounterReport
    {
        let october = CounterMonth(parsing: "2026-10")!
        let period = try CounterPeriod.plan(
            begin: october, end: november, now: instant("2026-12-07T16:00:00Z"), timeZone: shanghai, firstKept: nil)
        return CounterReport.build(
            kind: kind, institution: institution, platform: platform, period: period, options: options,
            usage: CounterUsage(counts: counts, truncated: false, oldestRecord: nil), items: items,
            exceptions: [.parameterNotRecognized("foo")], created: instant("2026-12-07T16:00:00Z"))
    }

    static let counts = [
        CounterCount(month: november, assetID: "A", totalItemRequests: 6, uniqueItemRequests: 3, noLicense: 2, limitExceeded: 0),
        CounterCount(month: november, assetID: "S", totalItemRequests: 2, uniqueItemRequests: 1, noLicense: 0, limitExceeded: 1),
        CounterCount(month: november, assetID: "Z", totalItemRequests: 0, uniqueItemRequests: 0, noLicense: 0, limitExceeded: 4),
    ]

    @Test func theReportsShapeFollowsRelease51() throws {
        // PR: one item for the platform, one Attribute_Performance per data type, no access-denied metrics.
        let pr = try Self.report(.pr, counts: Self.counts)
        let prJSON = try #require(try JSONSerialization.jsonObject(with: pr.json()) as? [String: Any])
        let header = try #require(prJSON["Report_Header"] as? [String: Any])
        #expect(header["Release"] as? String == "5.1")
        #expect(header["Report_ID"] as? String == "PR")
        #expect(header["Institution_ID"] as? [String: [String]] == ["Proprietary": ["tgw:harbin"]])
        #expect(header["Report_Filters"] as? [String: String] == ["Begin_Date": "2026-10-01", "End_Date": "2026-11-30"])
        #expect((header["Exceptions"] as? [[String: Any]])?.map { $0["Code"] as? Int } == [3050])
        #expect(header["Created"] as? String == "2026-12-07T16:00:00Z")
        let prItems = try #require(prJSON["Report_Items"] as? [[String: Any]])
        #expect(prItems.count == 1 && prItems[0]["Platform"] as? String == "Test Gateway")
        let performances = try #require(prItems[0]["Attribute_Performance"] as? [[String: Any]])
        #expect(performances.map { $0["Data_Type"] as? String } == ["Sound", "Unspecified"])
        let unspecified = try #require(performances[1]["Performance"] as? [String: [String: Int]])
        #expect(unspecified == [
            "Total_Item_Investigations": ["2026-11": 6], "Total_Item_Requests": ["2026-11": 6],
            "Unique_Item_Investigations": ["2026-11": 3], "Unique_Item_Requests": ["2026-11": 3],
        ])
        #expect(pr.total(.totalItemRequests) == 8 && pr.total(.noLicense) == 0)

        // TR: one item per title, sound is Other among titles, refusals included, zero months left out.
        let tr = try Self.report(.tr, counts: Self.counts, options: CounterReportOptions(attributesToShow: [.yop, .accessType]))
        #expect(tr.items.map(\.title) == ["Folk songs", "Gazetteer\tof Harbin", "Z"])
        #expect(tr.items[0].attributePerformance[0].dataType == .other)
        #expect(tr.items[0].attributePerformance[0].yop == "0001")
        #expect(tr.items[0].attributePerformance[0].accessType == .controlled)
        #expect(tr.total(.limitExceeded) == 5 && tr.total(.noLicense) == 2 && tr.total(.totalItemRequests) == 8)
        let trJSON = try #require(try JSONSerialization.jsonObject(with: tr.json()) as? [String: Any])
        let trItem = try #require((trJSON["Report_Items"] as? [[String: Any]])?.first)
        #expect(trItem["Title"] as? String == "Folk songs")
        #expect(trItem["Publisher"] as? String == "Qiqihar Library")
        #expect(trItem["Item_ID"] as? [String: String] == ["Proprietary": "tgw:S"])
        let trHeader = try #require(trJSON["Report_Header"] as? [String: Any])
        #expect(trHeader["Report_Attributes"] as? [String: [String]] == ["Attributes_To_Show": ["YOP", "Access_Type"]])

        // IR: items listed under one "Items"; data types of items.
        let ir = try Self.report(.ir, counts: Self.counts, options: CounterReportOptions(metricTypes: [.totalItemRequests]))
        let irJSON = try #require(try JSONSerialization.jsonObject(with: ir.json()) as? [String: Any])
        let parents = try #require(irJSON["Report_Items"] as? [[String: Any]])
        let irItems = try #require(parents.first?["Items"] as? [[String: Any]])
        #expect(irItems.map { $0["Item"] as? String } == ["Folk songs", "Gazetteer\tof Harbin"])  // Z had no requests
        let sound = try #require((irItems[0]["Attribute_Performance"] as? [[String: Any]])?.first)
        #expect(sound["Data_Type"] as? String == "Sound")
        #expect(sound["Performance"] as? [String: [String: Int]] == ["Total_Item_Requests": ["2026-11": 2]])
        let irFilters = try #require((irJSON["Report_Header"] as? [String: Any])?["Report_Filters"] as? [String: Any])
        #expect(irFilters["Metric_Type"] as? [String] == ["Total_Item_Requests"])
        #expect(irFilters["Begin_Date"] as? String == "2026-10-01")

        // Nothing to report: 3030, and no items.
        let empty = try Self.report(.tr, counts: [])
        #expect(empty.items.isEmpty && empty.exceptions.map(\.code) == [3050, 3030])
        // Filters: a data type matching nothing.
        let filtered = try Self.report(.ir, counts: Self.counts, options: CounterReportOptions(dataTypes: ["Book"]))
        #expect(filtered.items.isEmpty && filtered.exceptions.last?.code == 3030)
    }

    @Test func theTabularFormHasTheHeaderRowsAndAColumnPerMonth() throws {
        let tr = try Self.report(.tr, counts: Self.counts, options: CounterReportOptions(attributesToShow: [.accessMethod]))
        let text = tr.tsv()
        #expect(text.hasPrefix("\u{FEFF}Report_Name\tTitle Report\n"))
        let rows = text.dropFirst().split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.prefix(13).map { $0[0] } == [
            "Report_Name", "Report_ID", "Release", "Institution_Name", "Institution_ID", "Metric_Types", "Report_Filters",
            "Report_Attributes", "Exceptions", "Reporting_Period", "Created", "Created_By", "Registry_Record",
        ])
        #expect(rows[4] == ["Institution_ID", "tgw:harbin"])
        #expect(rows[7] == ["Report_Attributes", "Attributes_To_Show=Access_Method"])
        #expect(rows[8] == ["Exceptions", "3050: Parameter Not Recognized in this Context (foo)"])
        #expect(rows[9] == ["Reporting_Period", "Begin_Date=2026-10-01; End_Date=2026-11-30"])
        #expect(rows[13] == [""])
        let headings = rows[14]
        #expect(headings == [
            "Title", "Publisher", "Publisher_ID", "Platform", "DOI", "Proprietary_ID", "ISBN", "Print_ISSN", "Online_ISSN", "URI",
            "Data_Type", "Access_Method", "Metric_Type", "Reporting_Period_Total", "Oct-2026", "Nov-2026",
        ])
        let body = rows.dropFirst(15).filter { $0 != [""] }
        #expect(body.allSatisfy { $0.count == headings.count })
        let gazetteer = body.filter { $0[0] == "Gazetteer of Harbin" }  // the tab in the title became a space
        #expect(gazetteer.map { $0[12] } == ["No_License", "Total_Item_Investigations", "Total_Item_Requests", "Unique_Item_Investigations", "Unique_Item_Requests"])
        #expect(gazetteer.first { $0[12] == "Total_Item_Requests" }.map { Array($0[13...]) } == ["6", "0", "6"])
        #expect(gazetteer[0][5] == "tgw:A" && gazetteer[0][11] == "Regular")
    }
}
