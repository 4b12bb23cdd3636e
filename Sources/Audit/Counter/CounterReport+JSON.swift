public import Foundation

extension CounterReport {
    /// The report as the COUNTER_SUSHI API 5.1 answers it:
    ///
    /// ```
    /// {"Report_Header": {"Report_Name", "Report_ID", "Release": "5.1", "Institution_Name", "Institution_ID",
    ///                    "Report_Filters", "Report_Attributes"?, "Exceptions"?, "Created", "Created_By",
    ///                    "Registry_Record"},
    ///  "Report_Items": [{"Platform", "Attribute_Performance": [{"Data_Type", …, "Performance": {metric: {"yyyy-MM": n}}}]}]}
    /// ```
    ///
    /// Title Report items carry `Title`, `Publisher`, `Platform` and `Item_ID`; the Item Report's items (`Item`, …) are
    /// listed under one `{"Items": […]}` (no parent details). Months without usage are left out (R5.1), keys sorted.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and dictionaries of them always encode; the fallback keeps the signature total.
        return (try? encoder.encode(Document(self))) ?? Data("{}".utf8)
    }

    /// `Created`: RFC 3339 in UTC, whole seconds.
    var createdText: String { created.formatted(.iso8601) }

    /// `Report_Filters`: the period and the filters applied.
    var filterPairs: [(String, [String])] {
        var pairs: [(String, [String])] = []
        if let dataTypes = options.dataTypes { pairs.append(("Data_Type", dataTypes)) }
        if let accessTypes = options.accessTypes, kind != .pr { pairs.append(("Access_Type", accessTypes)) }
        if let accessMethods = options.accessMethods { pairs.append(("Access_Method", accessMethods)) }
        return pairs
    }

    /// The attributes shown, in the Code of Practice's order (`Data_Type` is always shown and not listed).
    var shownAttributes: [CounterAttribute] {
        CounterAttribute.allCases.filter { $0 != .dataType && options.attributesToShow.contains($0) }
    }

    private struct Document: Encodable {
        var header: Header
        var items: Items

        init(_ report: CounterReport) {
            var filters: [String: FilterValue] = [
                "Begin_Date": .text(report.months.first?.firstDay ?? ""),
                "End_Date": .text(report.months.last?.lastDay ?? ""),
            ]
            for (name, values) in report.filterPairs { filters[name] = .list(values) }
            if report.options.metricTypes != nil { filters["Metric_Type"] = .list(report.metrics.map(\.rawValue)) }
            let attributes = report.shownAttributes
            header = Header(
                reportName: report.kind.reportName, reportID: report.kind.reportID, release: "5.1",
                institutionName: report.institution.name,
                institutionID: ["Proprietary": [report.platform.namespace + ":" + report.institution.customerID]],
                reportFilters: filters,
                reportAttributes: attributes.isEmpty ? nil : ["Attributes_To_Show": attributes.map(\.rawValue)],
                exceptions: report.exceptions.isEmpty ? nil : report.exceptions, created: report.createdText,
                createdBy: report.platform.createdBy, registryRecord: report.platform.registryRecord)
            let entries = report.items.map { Entry(item: $0, kind: report.kind, platform: report.platform.name) }
            switch report.kind {
            case .pr, .tr: items = .flat(entries)
            case .ir: items = entries.isEmpty ? .flat([]) : .nested([Parent(items: entries)])
            }
        }

        enum CodingKeys: String, CodingKey {
            case header = "Report_Header"
            case items = "Report_Items"
        }
    }

    private enum FilterValue: Encodable {
        case text(String)
        case list([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .list(let list): try container.encode(list)
            }
        }
    }

    private struct Header: Encodable {
        var reportName: String
        var reportID: String
        var release: String
        var institutionName: String
        var institutionID: [String: [String]]
        var reportFilters: [String: FilterValue]
        var reportAttributes: [String: [String]]?
        var exceptions: [CounterException]?
        var created: String
        var createdBy: String
        var registryRecord: String

        enum CodingKeys: String, CodingKey {
            case reportName = "Report_Name"
            case reportID = "Report_ID"
            case release = "Release"
            case institutionName = "Institution_Name"
            case institutionID = "Institution_ID"
            case reportFilters = "Report_Filters"
            case reportAttributes = "Report_Attributes"
            case exceptions = "Exceptions"
            case created = "Created"
            case createdBy = "Created_By"
            case registryRecord = "Registry_Record"
        }
    }

    private enum Items: Encodable {
        case flat([Entry])
        case nested([Parent])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .flat(let entries): try container.encode(entries)
            case .nested(let parents): try container.encode(parents)
            }
        }
    }

    private struct Parent: Encodable {
        var items: [Entry]
        enum CodingKeys: String, CodingKey { case items = "Items" }
    }

    private struct Entry: Encodable {
        var item: Item
        var kind: CounterReportKind
        var platform: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicKey.self)
            switch kind {
            case .pr:
                try container.encode(platform, forKey: "Platform")
            case .tr, .ir:
                try container.encode(item.title ?? "", forKey: kind == .tr ? "Title" : "Item")
                try container.encode(item.publisher ?? "", forKey: "Publisher")
                try container.encode(platform, forKey: "Platform")
                if let id = item.proprietaryID { try container.encode(["Proprietary": id], forKey: "Item_ID") }
            }
            try container.encode(item.attributePerformance.map(Performance.init), forKey: "Attribute_Performance")
        }
    }

    private struct Performance: Encodable {
        var entry: AttributePerformance

        init(_ entry: AttributePerformance) { self.entry = entry }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicKey.self)
            try container.encode(entry.dataType.rawValue, forKey: "Data_Type")
            if let yop = entry.yop { try container.encode(yop, forKey: "YOP") }
            if let accessType = entry.accessType { try container.encode(accessType.rawValue, forKey: "Access_Type") }
            if let accessMethod = entry.accessMethod { try container.encode(accessMethod, forKey: "Access_Method") }
            var counts: [String: [String: Int]] = [:]
            for (metric, months) in entry.performance {
                counts[metric.rawValue] = Dictionary(uniqueKeysWithValues: months.map { ($0.key.key, $0.value) })
            }
            try container.encode(counts, forKey: "Performance")
        }
    }

    private struct DynamicKey: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }
}
