import Foundation

/// One row of the daily usage counts (`usage_day`): the requests of one calendar day, library, collection, action
/// and decision, with the refusal's rule and status for refusals (allowed requests keep neither, so they stay one row
/// per day and dimension whatever status they were served with).
///
/// The counts are kept as records are written (in the same transaction), so the console's overview of a year reads
/// a few hundred thousand rows rather than every record; see ``DailyUsageBatch``.
package struct DailyUsageKey: Hashable, Sendable, Comparable {
    package var day: String
    package var library: String
    package var collection: String
    package var action: String
    package var decision: String
    /// The deciding rule of a refusal, or empty.
    package var rule: String
    /// The status of a refusal, or 0 for allowed requests.
    package var status: Int

    package static func < (lhs: Self, rhs: Self) -> Bool {
        let left = (lhs.day, lhs.library, lhs.collection, lhs.action, lhs.decision)
        let right = (rhs.day, rhs.library, rhs.collection, rhs.action, rhs.decision)
        return left != right ? left < right : (lhs.rule, lhs.status) < (rhs.rule, rhs.status)
    }
}

/// The sums a daily row or item row carries.
package struct DailyUsageSums: Sendable, Hashable {
    package var requests: Int64 = 0
    package var records: Int64 = 0
    package var bytes: Int64 = 0

    mutating func add(_ record: AuditRecord) {
        requests += Int64(record.requests)
        records += 1
        bytes += record.bytesSent
    }
}

/// The requests of one item on one day for one library (`usage_day_item`, allowed requests only): the most
/// requested items of a period.
package struct DailyItemKey: Hashable, Sendable, Comparable {
    package var day: String
    package var library: String
    package var asset: String

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.day, lhs.library, lhs.asset) < (rhs.day, rhs.library, rhs.asset)
    }
}

/// A batch of audit records summed by day (in the aggregate's time zone): what one write adds to the daily counts.
/// Keys are sorted so that two writers adding to the same rows take their locks in the same order.
package struct DailyUsageBatch: Sendable {
    package private(set) var usage: [(key: DailyUsageKey, sums: DailyUsageSums)] = []
    package private(set) var items: [(key: DailyItemKey, requests: Int64)] = []

    package init(_ records: [AuditRecord], calendar: ReportCalendar) {
        var usage: [DailyUsageKey: DailyUsageSums] = [:]
        var items: [DailyItemKey: Int64] = [:]
        // Records of a batch are close in time: the day key of the last second asked is reused.
        var lastSecond = Int64.min
        var lastDay = ""
        for record in records {
            let second = Int64((record.time.timeIntervalSince1970).rounded(.down))
            if second != lastSecond {
                lastSecond = second
                lastDay = calendar.dayKey(record.time)
            }
            let allowed = record.decision == "allow"
            let key = DailyUsageKey(
                day: lastDay, library: record.library, collection: record.collection, action: record.action,
                decision: record.decision, rule: allowed ? "" : (record.ruleID ?? ""), status: allowed ? 0 : record.status)
            usage[key, default: DailyUsageSums()].add(record)
            if allowed {
                items[DailyItemKey(day: lastDay, library: record.library, asset: record.assetID), default: 0] += Int64(record.requests)
            }
        }
        self.usage = usage.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.items = items.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
