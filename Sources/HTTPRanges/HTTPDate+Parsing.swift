public import Foundation

extension HTTPDate {
    /// Parses an HTTP-date in any of the three forms a recipient must accept (RFC 9110 §5.6.7):
    /// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`,
    /// and ANSI C asctime `Sun Nov  6 08:49:37 1994`.
    ///
    /// Names are case-sensitive, as the RFC says; surrounding whitespace is ignored; the day name must be a
    /// valid name but is not checked against the date. A two-digit RFC 850 year more than 50 years in the
    /// future is taken as the most recent past year with those digits, relative to the current clock.
    /// - Returns: the date, or `nil` when the value is not a valid HTTP-date.
    public static func parse(_ string: String) -> Date? {
        parse(string, reference: nil)
    }

    /// Like ``parse(_:)`` with an explicit "now" for the RFC 850 two-digit-year rule.
    public static func parse(_ string: String, now: Date) -> Date? {
        parse(string, reference: now)
    }

    /// Reads the clock only for the rare RFC 850 form, when no reference is given.
    private static func parse(_ string: String, reference: Date?) -> Date? {
        var value = string
        let seconds: Int64? = value.withUTF8 { buffer in
            let bytes = ASCII.trimmingOWS(buffer[...])
            var scanner = HTTPDateScanner(bytes: bytes)
            if bytes.count > 3, bytes[bytes.startIndex + 3] == UInt8(ascii: ",") {
                return scanner.imfFixdate()
            } else if bytes.contains(UInt8(ascii: ",")) {
                return scanner.rfc850(currentYear: currentYear(reference ?? Date()))
            } else {
                return scanner.asctime()
            }
        }
        return seconds.map { Date(timeIntervalSince1970: Double($0)) }
    }

    private static func currentYear(_ now: Date) -> Int64 {
        let interval = now.timeIntervalSince1970
        guard interval.isFinite, abs(interval) < 1e15 else { return 2000 }
        let days = Int64((interval / 86_400).rounded(.down))
        return CivilCalendar.civil(days: days).year
    }
}
