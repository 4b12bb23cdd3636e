public import Foundation

/// A report period given as days (`2026-11-01` … `2026-11-30`, both included) in the configured time zone.
public enum UsagePeriod {
    /// The half-open instant range covering the days `from` through `to`, or a message saying what is wrong.
    public static func parse(from: String, to: String, timeZone identifier: String) throws -> (from: Date, to: Date) {
        guard let zone = TimeZone(identifier: identifier) else { throw ConfigurationError("unknown time zone '\(identifier)'") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func day(_ text: String, _ name: String) throws -> Date {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2]
            else { throw ConfigurationError("\(name) must be a date like 2026-11-01, not '\(text)'") }
            return date
        }
        let start = try day(from, "from")
        let lastDay = try day(to, "to")
        guard let end = calendar.date(byAdding: .day, value: 1, to: lastDay), end > start else {
            throw ConfigurationError("'to' (\(to)) is before 'from' (\(from))")
        }
        return (start, end)
    }

    /// The first and the last day (`yyyy-MM-dd`) of the calendar month containing `date` in the time zone
    /// `identifier`: the period a report covers when none is given.
    public static func currentMonth(containing date: Date = Date(), timeZone identifier: String) throws -> (from: String, to: String) {
        guard let zone = TimeZone(identifier: identifier) else { throw ConfigurationError("unknown time zone '\(identifier)'") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month], from: date)
        guard let first = calendar.date(from: parts), let days = calendar.range(of: .day, in: .month, for: first) else {
            throw ConfigurationError("cannot work out the current month in \(identifier)")
        }
        let year = parts.year ?? 0, month = parts.month ?? 0
        func day(_ value: Int) -> String { String(format: "%04d-%02d-%02d", year, month, value) }
        return (day(1), day(days.count))
    }
}
