public import Foundation

/// The months a report request covers, as the Code of Practice wants them handled: only months that have ended are
/// reported (a `begin_date` in the current or a future month is refused with 3020; an `end_date` there is moved back
/// to the last month that ended, with 3031 naming the months left out), and months older than the audit log keeps
/// (`audit_retention_days`) are left out with 3032.
public struct CounterPeriod: Sendable, Hashable {
    /// The first month asked for.
    public var begin: CounterMonth
    /// The last month reported (the one asked for, or the last month that has ended).
    public var end: CounterMonth
    /// The months whose usage is counted: `begin` through `end`, less those no longer kept.
    public var available: [CounterMonth]
    /// 3031 and 3032, when months were left out.
    public var exceptions: [CounterException]

    /// The longest period one report covers.
    public static let maximumMonths = 120

    /// Plans the report of `begin` through `end` at `now`.
    ///
    /// - Parameters:
    ///   - timeZone: the zone whose calendar months are counted (the configured report time zone).
    ///   - firstKept: the first month whose records are all still kept (nil: none were purged).
    /// - Throws: ``CounterException`` 3020 when `end` is before `begin`, `begin` has not ended yet, or the period is
    ///   longer than ``maximumMonths``.
    public static func plan(begin: CounterMonth, end: CounterMonth, now: Date, timeZone: TimeZone, firstKept: CounterMonth?)
        throws(CounterException) -> CounterPeriod
    {
        guard begin <= end else {
            throw .invalidDates("end_date (\(end)) is before begin_date (\(begin))")
        }
        let current = CounterMonth.containing(now, in: timeZone)
        guard begin < current else {
            throw .invalidDates(
                "begin_date (\(begin)) has not ended yet: usage is reported for whole months, the last one being \(current.adding(months: -1))")
        }
        guard begin.distance(to: end) < maximumMonths else {
            throw .invalidDates("a report covers at most \(maximumMonths) months")
        }
        var exceptions: [CounterException] = []
        var last = end
        if end >= current {
            last = current.adding(months: -1)
            let notReady = CounterMonth.through(current, end).map(\.key).joined(separator: "|")
            exceptions.append(.usageNotReady("\(notReady): the month has not ended; End_Date is \(last.lastDay)"))
        }
        var first = begin
        if let firstKept, begin < firstKept {
            first = firstKept
            let gone = CounterMonth.through(begin, min(last, firstKept.adding(months: -1))).map(\.key).joined(separator: "|")
            exceptions.append(
                .usageNoLongerAvailable("\(gone): records are kept for a limited time; the first month available is \(firstKept)"))
        }
        return CounterPeriod(begin: begin, end: last, available: CounterMonth.through(first, last), exceptions: exceptions)
    }

    /// The first month whose records are all kept when records older than `retentionDays` days are purged (nil when
    /// nothing is purged): the month after the one the cutoff falls in.
    public static func firstKept(retentionDays: Int, now: Date, timeZone: TimeZone) -> CounterMonth? {
        guard retentionDays > 0 else { return nil }
        return CounterMonth.containing(now.addingTimeInterval(-Double(retentionDays) * 86_400), in: timeZone).adding(months: 1)
    }
}
