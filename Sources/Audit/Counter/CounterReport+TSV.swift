extension CounterReport {
    /// The report in COUNTER R5.1's tabular form as tab-separated values: the 13 header rows (`Report_Name` …
    /// `Registry_Record`, name in the first column, value in the second), a blank row, the column headings (row 15),
    /// then one row per item, attribute combination and metric with its `Reporting_Period_Total` and a column per
    /// month (`Nov-2026`, zeros shown). UTF-8 with a byte-order mark (so spreadsheets read Chinese titles right),
    /// lines ending in LF; tabs and line breaks inside values become spaces.
    public func tsv() -> String {
        var lines: [[String]] = [
            ["Report_Name", kind.reportName],
            ["Report_ID", kind.reportID],
            ["Release", "5.1"],
            ["Institution_Name", institution.name],
            ["Institution_ID", platform.namespace + ":" + institution.customerID],
            ["Metric_Types", metrics.map(\.rawValue).joined(separator: "; ")],
            ["Report_Filters", filterPairs.map { "\($0.0)=\($0.1.joined(separator: "|"))" }.joined(separator: "; ")],
            ["Report_Attributes", shownAttributes.isEmpty ? "" : "Attributes_To_Show=" + shownAttributes.map(\.rawValue).joined(separator: "|")],
            ["Exceptions", exceptions.map(\.description).joined(separator: "; ")],
            ["Reporting_Period", "Begin_Date=\(months.first?.firstDay ?? ""); End_Date=\(months.last?.lastDay ?? "")"],
            ["Created", createdText],
            ["Created_By", platform.createdBy],
            ["Registry_Record", platform.registryRecord],
            [],
        ]
        let attributeColumns = [CounterAttribute.dataType] + shownAttributes
        let leading: [String]
        switch kind {
        case .pr: leading = ["Platform"]
        case .tr: leading = ["Title", "Publisher", "Publisher_ID", "Platform", "DOI", "Proprietary_ID", "ISBN", "Print_ISSN", "Online_ISSN", "URI"]
        case .ir: leading = ["Item", "Publisher", "Publisher_ID", "Platform", "DOI", "Proprietary_ID", "ISBN", "Print_ISSN", "Online_ISSN", "URI"]
        }
        lines.append(leading + attributeColumns.map(\.rawValue) + ["Metric_Type", "Reporting_Period_Total"] + months.map(\.tabularHeading))
        for item in items {
            let itemColumns: [String]
            switch kind {
            case .pr: itemColumns = [platform.name]
            case .tr, .ir:
                itemColumns = [item.title ?? "", item.publisher ?? "", "", platform.name, "", item.proprietaryID ?? "", "", "", "", ""]
            }
            for entry in item.attributePerformance {
                let attributeValues = attributeColumns.map { attribute -> String in
                    switch attribute {
                    case .dataType: return entry.dataType.rawValue
                    case .yop: return entry.yop ?? ""
                    case .accessType: return entry.accessType?.rawValue ?? ""
                    case .accessMethod: return entry.accessMethod ?? ""
                    }
                }
                for metric in metrics {
                    guard let counts = entry.performance[metric] else { continue }
                    let total = counts.values.reduce(0, +)
                    lines.append(itemColumns + attributeValues + [metric.rawValue, String(total)] + months.map { String(counts[$0] ?? 0) })
                }
            }
        }
        return "\u{FEFF}" + lines.map { $0.map(Self.cell).joined(separator: "\t") + "\n" }.joined()
    }

    /// A value as one TSV cell.
    static func cell(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return String(value.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
