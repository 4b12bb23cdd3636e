import Foundation

/// The tables of daily (and monthly) counts, each a narrow sum of the audit records for one question the console or
/// a report asks, so that a year of a busy network is a few hundred thousand rows to read at most:
///
/// | table | keys | records | answers |
/// |---|---|---|---|
/// | `usage_day` | day, library, collection, action, decision | all | whole-day reports by any grouping; the overview by collection |
/// | `usage_day_library` | day, library, action, decision | all | the overview's days and libraries |
/// | `usage_day_refusal` | day, library, rule, status | refused | refusals by reason |
/// | `usage_day_item` | day, library, asset | allowed | one library's most requested items (the period's edges) |
/// | `usage_day_asset` | day, asset | allowed | the network's most requested items (the period's edges) |
/// | `usage_month_item` | month, library, asset | allowed | one library's most requested items (whole months) |
/// | `usage_month_asset` | month, asset | allowed | the network's most requested items (whole months) |
///
/// Every table carries `requests` (the sum of ``AuditRecord/requests``) and `bytes`. Both stores (SQLite and
/// PostgreSQL) create, fill and add to them from these definitions.
package struct DailyCountTable: Sendable, Hashable {
    /// A key column and how it is worked out.
    package enum Key: String, Sendable, Hashable {
        case day, month, library, collection, action, decision, rule, status, asset
    }

    /// Which records the table counts.
    package enum Records: Sendable, Hashable {
        case all, allowed, refused
    }

    package var name: String
    package var keys: [Key]
    package var records: Records

    package static let all: [DailyCountTable] = [
        DailyCountTable(name: "usage_day", keys: [.day, .library, .collection, .action, .decision], records: .all),
        DailyCountTable(name: "usage_day_library", keys: [.day, .library, .action, .decision], records: .all),
        DailyCountTable(name: "usage_day_refusal", keys: [.day, .library, .rule, .status], records: .refused),
        DailyCountTable(name: "usage_day_item", keys: [.day, .library, .asset], records: .allowed),
        DailyCountTable(name: "usage_day_asset", keys: [.day, .asset], records: .allowed),
        DailyCountTable(name: "usage_month_item", keys: [.month, .library, .asset], records: .allowed),
        DailyCountTable(name: "usage_month_asset", keys: [.month, .asset], records: .allowed),
    ]

    /// Whether the table counts `record`.
    func counts(_ record: AuditRecord) -> Bool {
        switch records {
        case .all: return true
        case .allowed: return record.decision == "allow"
        case .refused: return record.decision != "allow"
        }
    }

    /// The key of `record` on `day` (`yyyy-MM-dd`).
    func key(_ record: AuditRecord, day: String) -> [String] {
        keys.map { key in
            switch key {
            case .day: return day
            case .month: return String(day.prefix(7))
            case .library: return record.library
            case .collection: return record.collection
            case .action: return record.action
            case .decision: return record.decision
            case .rule: return record.ruleID ?? ""
            case .status: return String(record.status)
            case .asset: return record.assetID
            }
        }
    }

    /// The columns of the keys, in order.
    package var keyColumns: String { keys.map(\.rawValue).joined(separator: ", ") }

    /// The SQL condition (on `audit_event`'s columns, with `decision` named `decision`) of the records counted.
    package func condition(decision: String) -> String {
        switch records {
        case .all: return "1 = 1"
        case .allowed: return "\(decision) = 'allow'"
        case .refused: return "\(decision) <> 'allow'"
        }
    }

    /// `CREATE TABLE` (text keys, `status` kept as text like every key; integer sums).
    package func createSQL(integer: String, suffix: String) -> String {
        let columns = keys.map { "\($0.rawValue) TEXT NOT NULL" }.joined(separator: ", ")
        return "CREATE TABLE \(name) (\(columns), requests \(integer) NOT NULL, bytes \(integer) NOT NULL, PRIMARY KEY (\(keyColumns)))\(suffix)"
    }
}

/// A batch of audit records summed per table and key: what one write adds to the counts. Keys are sorted so that two
/// writers adding to the same rows take their locks in the same order.
package struct DailyCountBatch: Sendable {
    package struct Sums: Sendable, Hashable {
        package var requests: Int64 = 0
        package var bytes: Int64 = 0
    }

    package private(set) var tables: [(table: DailyCountTable, rows: [(key: [String], sums: Sums)])] = []

    package init(_ records: [AuditRecord], calendar: ReportCalendar) {
        var days: [String] = []
        days.reserveCapacity(records.count)
        var lastSecond = Int64.min, lastDay = ""
        for record in records {
            // Records of a batch are close in time: the day of the last second asked is reused.
            let second = Int64(record.time.timeIntervalSince1970.rounded(.down))
            if second != lastSecond {
                lastSecond = second
                lastDay = calendar.dayKey(record.time)
            }
            days.append(lastDay)
        }
        for table in DailyCountTable.all {
            var sums: [[String]: Sums] = [:]
            for (index, record) in records.enumerated() where table.counts(record) {
                let key = table.key(record, day: days[index])
                sums[key, default: Sums()].requests += Int64(record.requests)
                sums[key, default: Sums()].bytes += record.bytesSent
            }
            tables.append((table, sums.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }))
        }
    }
}
