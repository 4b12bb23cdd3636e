/// Whole days `[fromDay, toDay)` split the way the item counts are kept: the whole calendar months inside it (read
/// from the monthly tables) and the days before and after them (read from the daily ones), so a year is eleven or
/// twelve monthly sums and at most two partial months of days.
package struct CountedPeriod: Sendable {
    /// The first and last whole month (`yyyy-MM`), or nil when the period holds none.
    package var months: (first: String, last: String)?
    /// Day ranges `[from, to)` outside the whole months (none, one or two).
    package var edges: [(from: String, to: String)]

    package init(fromDay: String, toDay: String) {
        guard fromDay < toDay, let first = Self.month(fromDay), let end = Self.month(toDay) else {
            months = nil
            edges = fromDay < toDay ? [(fromDay, toDay)] : []
            return
        }
        // The first month starting on or after fromDay; months before the one toDay falls in end before toDay.
        let firstWhole = fromDay.hasSuffix("-01") ? first : Self.next(first)
        guard Self.key(firstWhole) < Self.key(end) else {
            months = nil
            edges = [(fromDay, toDay)]
            return
        }
        months = (Self.text(firstWhole), Self.text(Self.previous(end)))
        var edges: [(from: String, to: String)] = []
        let firstWholeDay = Self.text(firstWhole) + "-01"
        if fromDay < firstWholeDay { edges.append((fromDay, firstWholeDay)) }
        let endDay = Self.text(end) + "-01"
        if endDay < toDay { edges.append((endDay, toDay)) }
        self.edges = edges
    }

    private static func month(_ day: String) -> (year: Int, month: Int)? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return (year, month)
    }

    private static func next(_ m: (year: Int, month: Int)) -> (year: Int, month: Int) {
        m.month == 12 ? (m.year + 1, 1) : (m.year, m.month + 1)
    }

    private static func previous(_ m: (year: Int, month: Int)) -> (year: Int, month: Int) {
        m.month == 1 ? (m.year - 1, 12) : (m.year, m.month - 1)
    }

    private static func key(_ m: (year: Int, month: Int)) -> Int { m.year * 12 + m.month }

    private static func text(_ m: (year: Int, month: Int)) -> String {
        let year = String(m.year), month = String(m.month)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + (month.count == 1 ? "0" : "") + month
    }
}
