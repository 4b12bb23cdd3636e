public import Foundation

/// Renders usage rows as the JSON of `GET /admin/stats` or as CSV for spreadsheets.
public enum UsageReport {
    /// A JSON object: `{"by":…,"from":…,"to":…,"rows":[{"key","requests","allowed","denied","bytes"}],"totals":{…}}`
    /// with ISO 8601 UTC times and sorted keys.
    public static func json(_ rows: [UsageRow], from: Date, to: Date, by grouping: StatisticsGrouping) -> String {
        let document = Document(
            by: grouping.rawValue, from: from, to: to, rows: rows,
            totals: Totals(
                requests: rows.reduce(0) { $0 + $1.requests }, allowed: rows.reduce(0) { $0 + $1.allowed },
                denied: rows.reduce(0) { $0 + $1.denied }, bytes: rows.reduce(0) { $0 + $1.bytes }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, integers and dates cannot fail; the fallback only keeps the signature total.
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// CSV per RFC 4180: a header (`library,requests,allowed,denied,bytes`, first column named after the
    /// grouping), one line per row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF
    /// (quotes doubled). UTF-8 without a byte-order mark.
    public static func csv(_ rows: [UsageRow], by grouping: StatisticsGrouping) -> String {
        var text = "\(grouping.rawValue),requests,allowed,denied,bytes\r\n"
        for row in rows {
            text += "\(csvField(row.key)),\(row.requests),\(row.allowed),\(row.denied),\(row.bytes)\r\n"
        }
        return text
    }

    /// One CSV field, quoted only when RFC 4180 requires it.
    public static func csvField(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private struct Document: Encodable {
        var by: String
        var from: Date
        var to: Date
        var rows: [UsageRow]
        var totals: Totals
    }

    private struct Totals: Encodable {
        var requests: Int
        var allowed: Int
        var denied: Int
        var bytes: Int64
    }
}
