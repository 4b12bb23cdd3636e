public import Foundation

/// Days as usage reports and `downloads_per_day` count them: calendar days in the configured time zone.
public struct ReportCalendar: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The calendar day of `date`, as `yyyy-MM-dd`.
    public func dayKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Whole seconds from `date` to the next midnight (at least 1).
    public func secondsUntilNextDay(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: date)
        let next = calendar.date(byAdding: .day, value: 1, to: start) ?? date.addingTimeInterval(86_400)
        return max(1, Int(next.timeIntervalSince(date).rounded(.up)))
    }

    /// `[from, to)` as whole days `[fromDay, toDay)` (`yyyy-MM-dd`) when both are midnights of this zone, else nil.
    public func wholeDays(from: Date, to: Date) -> (from: String, to: String)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard calendar.startOfDay(for: from) == from, calendar.startOfDay(for: to) == to else { return nil }
        return (dayKey(from), dayKey(to))
    }
}
