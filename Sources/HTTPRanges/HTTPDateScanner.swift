/// A cursor over the bytes of one HTTP-date.
struct HTTPDateScanner {
    let bytes: Slice<UnsafeBufferPointer<UInt8>>
    var index: Int

    init(bytes: Slice<UnsafeBufferPointer<UInt8>>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// `day-name "," SP 2DIGIT SP month SP 4DIGIT SP time-of-day SP "GMT"`
    mutating func imfFixdate() -> Int64? {
        guard name(in: HTTPDate.dayNames) != nil, literal(", "),
            let day = digits(2), literal(" "), let month = monthNumber(), literal(" "),
            let year = digits(4), literal(" "), let time = timeOfDay(), literal(" GMT"), atEnd
        else { return nil }
        return combine(year: year, month: month, day: day, time: time)
    }

    /// `day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP time-of-day SP "GMT"`
    mutating func rfc850(currentYear: Int64) -> Int64? {
        guard name(in: HTTPDate.longDayNames) != nil, literal(", "),
            let day = digits(2), literal("-"), let month = monthNumber(), literal("-"),
            let shortYear = digits(2), literal(" "), let time = timeOfDay(), literal(" GMT"), atEnd
        else { return nil }
        var year = currentYear - currentYear % 100 + shortYear
        if year > currentYear + 50 { year -= 100 }
        return combine(year: year, month: month, day: day, time: time)
    }

    /// `day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP 4DIGIT`
    mutating func asctime() -> Int64? {
        guard name(in: HTTPDate.dayNames) != nil, literal(" "), let month = monthNumber(), literal(" ") else {
            return nil
        }
        let day: Int64
        if literal(" ") {
            guard let single = digits(1) else { return nil }
            day = single
        } else {
            guard let double = digits(2) else { return nil }
            day = double
        }
        guard literal(" "), let time = timeOfDay(), literal(" "), let year = digits(4), atEnd else { return nil }
        return combine(year: year, month: month, day: day, time: time)
    }

    private var atEnd: Bool { index == bytes.endIndex }

    private func combine(year: Int64, month: Int64, day: Int64, time: Int64) -> Int64? {
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { return nil }
        return CivilCalendar.days(year: year, month: month, day: day) * 86_400 + time
    }

    /// `hour ":" minute ":" second` → seconds of the day; second may be 60 (leap second, RFC 9110 grammar).
    private mutating func timeOfDay() -> Int64? {
        guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    private mutating func monthNumber() -> Int64? {
        name(in: HTTPDate.monthNames).map { Int64($0 + 1) }
    }

    /// Matches one of `names` exactly (case-sensitive) at the cursor; returns its index.
    private mutating func name(in names: [String]) -> Int? {
        for (position, candidate) in names.enumerated() {
            let saved = index
            if literal(candidate) { return position }
            index = saved
        }
        return nil
    }

    private mutating func literal(_ text: String) -> Bool {
        var cursor = index
        for byte in text.utf8 {
            guard cursor < bytes.endIndex, bytes[cursor] == byte else { return false }
            cursor += 1
        }
        index = cursor
        return true
    }

    private mutating func digits(_ count: Int) -> Int64? {
        guard bytes.endIndex - index >= count else { return nil }
        var value: Int64 = 0
        for _ in 0..<count {
            let byte = bytes[index]
            guard ASCII.isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - 0x30)
            index += 1
        }
        return value
    }
}
