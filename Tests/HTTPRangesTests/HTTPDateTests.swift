import Foundation
import HTTPRanges
import Testing

@Suite("HTTPDate")
struct HTTPDateTests {
    static let rfcSeconds: Double = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    static let now2025 = Date(timeIntervalSince1970: 1_750_000_000)  // June 2025

    @Test(
        "format",
        arguments: [
            (784_111_777.0, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (784_111_777.999, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (-0.5, "Wed, 31 Dec 1969 23:59:59 GMT"),
            (-86_400.0, "Wed, 31 Dec 1969 00:00:00 GMT"),
            (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (4_107_542_400.0, "Mon, 01 Mar 2100 00:00:00 GMT"),
            (1_403_716_338.0, "Wed, 25 Jun 2014 17:12:18 GMT"),
            (23_349_600.0, "Mon, 28 Sep 1970 06:00:00 GMT"),
            (253_402_300_799.0, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (1e18, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (-1e18, "Sat, 01 Jan 0000 00:00:00 GMT"),
        ])
    func format(_ seconds: Double, _ expected: String) {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test(
        "parse accepted forms",
        arguments: [
            ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),  // IMF-fixdate
            ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777.0),  // obsolete RFC 850
            ("Sun Nov  6 08:49:37 1994", 784_111_777.0),  // ANSI C asctime
            ("Sun Nov 06 08:49:37 1994", 784_111_777.0),  // asctime with a 2DIGIT day
            ("  Sun, 06 Nov 1994 08:49:37 GMT\t", 784_111_777.0),
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
            ("Thursday, 01-Jan-70 00:00:00 GMT", 3_155_760_000.0),  // 2070: not more than 50 years ahead of 2025
            ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400.0),
            ("Sat, 31 Dec 2016 23:59:60 GMT", 1_483_228_800.0),  // leap second: grammar allows 60
            ("Mon, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),  // wrong day name is not checked
            ("Thu Jan  1 00:00:00 1970", 0.0),
        ])
    func parse(_ text: String, _ seconds: Double) {
        #expect(HTTPDate.parse(text, now: Self.now2025) == Date(timeIntervalSince1970: seconds))
    }

    @Test(
        "parse rejects",
        arguments: [
            "", "garbage", "sun, 06 nov 1994 08:49:37 gmt", "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT", "Tue, 29 Feb 2100 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT junk", "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun,06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37 94", "Sun Nov  6 08:49:37 1994 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
            "784111777", "W/\"abc\"", "\"abc\"", "Sun, 06 Nov 1994 08:49:37 GMT\r\n",
        ])
    func parseRejects(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.now2025) == nil)
    }

    @Test(
        "RFC 850 two-digit year: more than 50 years ahead means the past century",
        arguments: [(75, 2075), (76, 1976), (25, 2025), (0, 2000), (99, 1999), (94, 1994)])
    func rfc850Year(_ twoDigits: Int, _ year: Int) throws {
        let text = "Saturday, 01-Jan-\(twoDigits < 10 ? "0" : "")\(twoDigits) 00:00:00 GMT"
        let date = try #require(HTTPDate.parse(text, now: Self.now2025))
        #expect(HTTPDate.format(date).hasSuffix(" \(year) 00:00:00 GMT"))
    }

    @Test func roundTripAcrossCenturies() {
        var generator = SplitMix64(seed: 42)
        let range: ClosedRange<Int64> = -62_000_000_000...253_402_300_799
        for _ in 0..<20_000 {
            let seconds = Int64.random(in: range, using: &generator)
            let date = Date(timeIntervalSince1970: Double(seconds))
            let text = HTTPDate.format(date)
            #expect(HTTPDate.parse(text) == date, "\(seconds) → \(text)")
        }
    }

    /// Cross-check against Foundation's own formatter (used only here, in a test).
    @Test func agreesWithDateFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: 0...4_102_444_800, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            #expect(HTTPDate.format(date) == formatter.string(from: date))
        }
    }

    @Test func concurrentFormattingIsConsistent() async {
        let expected = (0..<200).map { HTTPDate.format(Date(timeIntervalSince1970: Double($0) * 86_399.5)) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy {
                        HTTPDate.format(Date(timeIntervalSince1970: Double($0) * 86_399.5)) == expected[$0]
                    }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
