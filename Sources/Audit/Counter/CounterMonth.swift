public import Foundation

/// A calendar month, the unit COUNTER reports count in (`2026-11`).
public struct CounterMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…12.
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// A month from `yyyy-MM` or `yyyy-MM-dd` (the day must exist but only its month is kept: reports count whole
    /// months, as `begin_date` and `end_date` of the COUNTER_SUSHI API name them); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
        if parts.count == 3 {
            guard parts[2].count == 2, let day = Int(parts[2]), day >= 1, day <= daysInMonth else { return nil }
        }
    }

    /// The month `date` falls in, in `timeZone`.
    public static func containing(_ date: Date, in timeZone: TimeZone) -> CounterMonth {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month], from: date)
        return CounterMonth(year: parts.year ?? 1970, month: parts.month ?? 1) ?? CounterMonth(year: 1970, month: 1)!
    }

    /// `yyyy-MM`, the key of a month in COUNTER's JSON.
    public var key: String { String(format: "%04d-%02d", year, month) }

    public var description: String { key }

    /// `Mmm-yyyy`, a month's column heading in COUNTER's tabular reports (`Nov-2026`).
    public var tabularHeading: String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return names[month - 1] + "-" + String(format: "%04d", year)
    }

    /// The first day, `yyyy-MM-01`.
    public var firstDay: String { key + "-01" }

    /// The last day, `yyyy-MM-dd`.
    public var lastDay: String { key + String(format: "-%02d", daysInMonth) }

    public var daysInMonth: Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The month `count` months later (earlier when negative).
    public func adding(months count: Int) -> CounterMonth {
        let index = year * 12 + (month - 1) + count
        return CounterMonth(year: index / 12, month: index % 12 + 1) ?? self
    }

    /// Months from `self` to `other` (0 for the same month, negative when `other` is earlier).
    public func distance(to other: CounterMonth) -> Int { (other.year * 12 + other.month) - (year * 12 + month) }

    /// The months `first` through `last`, both included (empty when `last` is earlier).
    public static func through(_ first: CounterMonth, _ last: CounterMonth) -> [CounterMonth] {
        let count = first.distance(to: last)
        guard count >= 0 else { return [] }
        return (0...count).map { first.adding(months: $0) }
    }

    /// The instants the month covers in `timeZone`: from its first midnight (included) to the next month's (excluded).
    /// Boundaries come from the calendar, so months starting on a daylight-saving change are right too.
    public func span(in timeZone: TimeZone) -> CounterSpan {
        let calendar = Self.calendar(timeZone)
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
        let next = adding(months: 1)
        let end = calendar.date(from: DateComponents(year: next.year, month: next.month, day: 1)) ?? start
        return CounterSpan(month: self, start: start, end: end)
    }

    public static func < (lhs: CounterMonth, rhs: CounterMonth) -> Bool { lhs.distance(to: rhs) > 0 }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

/// A month as instants: `[start, end)`, what an audit store counts for it.
public struct CounterSpan: Sendable, Hashable {
    public var month: CounterMonth
    public var start: Date
    public var end: Date

    public init(month: CounterMonth, start: Date, end: Date) {
        self.month = month
        self.start = start
        self.end = end
    }
}
