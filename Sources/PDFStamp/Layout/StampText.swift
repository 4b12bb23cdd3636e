import Foundation

/// Text as given by a caller, made fit to draw: composed (NFC, so `e` + combining acute is the one glyph `é`),
/// line breaks unified to `\n`, tabs to spaces, other control characters removed.
enum StampText {
    static func clean(_ text: String, keepLineBreaks: Bool = true) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in composed.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR:
                continue
            case "\r", "\n", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}":
                result.append(keepLineBreaks ? "\n" : " ")
            case "\t":
                result.append(" ")
            default:
                if scalar.properties.generalCategory == .control { continue }
                result.append(scalar)
            }
        }
        return String(result)
    }
}
