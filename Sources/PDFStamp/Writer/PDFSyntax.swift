/// Spelling numbers and strings the way PDF wants them, the same way on every machine (no locale, no exponent).
enum PDFSyntax {
    /// `value` with at most `decimals` decimals, no trailing zeros, no `-0`: `12`, `12.5`, `-0.25`.
    static func number(_ value: Double, decimals: Int = 2) -> String {
        precondition(value.isFinite, "PDF numbers are finite")
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        guard scaled != 0 else { return "0" }
        let divisor = Int64(scale)
        var text = (value < 0 ? "-" : "") + String(scaled / divisor)
        if scaled % divisor != 0 {
            var digits = PDFSyntax.zeroPadded(Int(scaled % divisor), width: decimals)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// Four upper-case hexadecimal digits.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// `value` zero-padded to `width` digits (cross-reference entries).
    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
