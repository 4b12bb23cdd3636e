public import Foundation

/// HTTP-date formatting and parsing (RFC 9110 §5.6.7), hand-rolled: no `DateFormatter`, no shared state,
/// safe to call from any thread.
public enum HTTPDate {
    static let dayNames: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longDayNames: [String] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// First and last second representable with a four-digit year (0000-01-01 … 9999-12-31 23:59:59).
    static let earliestSecond: Int64 = CivilCalendar.days(year: 0, month: 1, day: 1) * 86_400
    static let latestSecond: Int64 = CivilCalendar.days(year: 10_000, month: 1, day: 1) * 86_400 - 1

    /// Formats `date` as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    ///
    /// Fractions of a second are dropped (rounded down). Dates outside years 0000–9999 are clamped to that range.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        let seconds: Int64
        if interval.isNaN {
            seconds = 0
        } else if interval <= Double(earliestSecond) {
            seconds = earliestSecond
        } else if interval >= Double(latestSecond) {
            seconds = latestSecond
        } else {
            seconds = Int64(interval)
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = CivilCalendar.civil(days: days)
        let weekday = CivilCalendar.weekday(days: days)

        return String(unsafeUninitializedCapacity: 29) { buffer in
            var index = 0
            func put(_ byte: UInt8) {
                buffer[index] = byte
                index += 1
            }
            func putName(_ name: String) {
                for byte in name.utf8 { put(byte) }
            }
            func putDigits(_ value: Int64, width: Int) {
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    put(UInt8(truncatingIfNeeded: rest / divisor) + 0x30)
                    rest %= divisor
                    divisor /= 10
                }
            }
            putName(dayNames[weekday])
            put(UInt8(ascii: ","))
            put(UInt8(ascii: " "))
            putDigits(day, width: 2)
            put(UInt8(ascii: " "))
            putName(monthNames[Int(month - 1)])
            put(UInt8(ascii: " "))
            putDigits(year, width: 4)
            put(UInt8(ascii: " "))
            putDigits(secondOfDay / 3600, width: 2)
            put(UInt8(ascii: ":"))
            putDigits(secondOfDay / 60 % 60, width: 2)
            put(UInt8(ascii: ":"))
            putDigits(secondOfDay % 60, width: 2)
            putName(" GMT")
            return index
        }
    }
}
