import Foundation
import Testing

@testable import Audit

@Suite struct UsageReportTests {
    struct QuotingCase: Sendable, CustomTestStringConvertible {
        var raw: String
        var field: String
        var testDescription: String { raw }
    }

    @Test(
        "CSV fields are quoted per RFC 4180",
        arguments: [
            QuotingCase(raw: "harbin", field: "harbin"),
            QuotingCase(raw: "黑龙江省图书馆", field: "黑龙江省图书馆"),
            QuotingCase(raw: "Harbin, Daoli branch", field: "\"Harbin, Daoli branch\""),
            QuotingCase(raw: "the \"old\" library", field: "\"the \"\"old\"\" library\""),
            QuotingCase(raw: "哈尔滨市图书馆，道里分馆", field: "哈尔滨市图书馆，道里分馆"),  // full-width comma: no quoting
            QuotingCase(raw: "齐齐哈尔,\"龙沙\"分馆", field: "\"齐齐哈尔,\"\"龙沙\"\"分馆\""),
            QuotingCase(raw: "two\r\nlines", field: "\"two\r\nlines\""),
            QuotingCase(raw: "", field: ""),
        ])
    func quoting(_ quoting: QuotingCase) {
        #expect(UsageReport.csvField(quoting.raw) == quoting.field)
    }

    @Test("library names with commas, quotes and Chinese survive a CSV round trip")
    func roundTrip() async throws {
        let store = try TemporaryAuditDatabase()
        let log = try store.auditStore()
        let names = ["黑龙江省图书馆", "Harbin, Daoli branch", "the \"old\" library", "齐齐哈尔,\"龙沙\"分馆", "plain"]
        for (i, name) in names.enumerated() {
            for _ in 0...i { log.append(record(at: instant("2026-01-10T00:00:00Z"), library: name)) }
        }
        let rows = try await log.statistics(
            from: instant("2026-01-01T00:00:00Z"), to: instant("2026-02-01T00:00:00Z"), by: .library)
        let csv = UsageReport.csv(rows, by: .library)
        #expect(csv.hasSuffix("\r\n"))
        #expect(Array(csv.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: Array(csv.utf8), as: UTF8.self) == csv)
        let parsed = parseCSV(csv)
        #expect(parsed.allSatisfy { $0.count == 5 })
        let counts = Dictionary(uniqueKeysWithValues: parsed.dropFirst().map { ($0[0], Int($0[1])!) })
        #expect(counts == Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0 + 1) }))
    }

    @Test("the JSON report carries the range, the rows and their totals")
    func json() throws {
        let rows = [
            UsageRow(key: "harbin", requests: 3, allowed: 2, denied: 1, bytes: 2048),
            UsageRow(key: "黑龙江省图书馆", requests: 5, allowed: 5, denied: 0, bytes: 1),
        ]
        let text = UsageReport.json(
            rows, from: instant("2026-01-01T00:00:00Z"), to: instant("2026-02-01T00:00:00Z"), by: .library)
        struct Totals: Decodable, Equatable {
            var requests, allowed, denied: Int
            var bytes: Int64
        }
        struct Document: Decodable {
            var by: String
            var from: String
            var to: String
            var rows: [UsageRow]
            var totals: Totals
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
        #expect(document.by == "library")
        #expect(document.from == "2026-01-01T00:00:00Z")
        #expect(document.to == "2026-02-01T00:00:00Z")
        #expect(document.rows == rows)
        #expect(document.totals == Totals(requests: 8, allowed: 7, denied: 1, bytes: 2049))
    }

    @Test("an empty report is a header only")
    func emptyCSV() {
        #expect(UsageReport.csv([], by: .day) == "day,requests,allowed,denied,bytes\r\n")
    }
}
