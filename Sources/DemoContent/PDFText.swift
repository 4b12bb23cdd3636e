/// Encodes text for PDF content streams and string objects.
enum PDFText {
    /// A text-showing sequence for one line at an absolute position. The line is split into runs:
    /// printable ASCII in Helvetica (`/F1`), everything else in STSong-Light (`/F2`, UCS-2 hex string).
    /// Each `Tj` advances the text position by the glyph widths the viewer knows, so runs line up
    /// without this code knowing any font metrics.
    static func showLine(_ line: String, size: Int, x: Int, y: Int) -> String {
        var result = "1 0 0 1 \(x) \(y) Tm\n"
        var run = ""
        var runIsLatin = true
        func flush() {
            guard !run.isEmpty else { return }
            result += runIsLatin
                ? "/F1 \(size) Tf " + literal(run) + " Tj\n"
                : "/F2 \(size) Tf " + ucs2Hex(run) + " Tj\n"
            run = ""
        }
        for scalar in line.unicodeScalars {
            let isLatin = scalar.value >= 0x20 && scalar.value <= 0x7E
            if isLatin != runIsLatin {
                flush()
                runIsLatin = isLatin
            }
            run.unicodeScalars.append(scalar)
        }
        flush()
        return result
    }

    /// `(…)` with `\`, `(` and `)` escaped; ASCII input only.
    static func literal(_ text: String) -> String {
        var result = "("
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "(", ")": result += "\\" + String(scalar)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + ")"
    }

    /// `<…>` of big-endian UCS-2 code units; scalars beyond U+FFFF become U+003F `?`.
    static func ucs2Hex(_ text: String) -> String {
        var result = "<"
        for scalar in text.unicodeScalars {
            let unit = scalar.value <= 0xFFFF ? scalar.value : 0x3F
            result += hex4(unit)
        }
        return result + ">"
    }

    /// A PDF text string (§7.9.2.2): literal when ASCII, otherwise UTF-16BE with a byte-order mark, in hex.
    static func textString(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value <= 0x7E }) {
            return literal(text)
        }
        return "<FEFF" + text.utf16.map { hex4(UInt32($0)) }.joined() + ">"
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
