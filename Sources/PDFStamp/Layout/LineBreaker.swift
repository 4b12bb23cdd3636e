/// Breaks text into lines no wider than a width, measuring with the widths of the font's glyphs.
///
/// Chinese, Japanese and Korean text breaks between any two characters, Latin text at spaces (the spaces at a break
/// are dropped), following the usual rules of Chinese typesetting for punctuation: a line never starts with a
/// closing mark (，。、）」》…) nor ends with an opening one (（「《). A word wider than a whole line is broken
/// between characters. `\n` always starts a new line; an empty line stays empty.
struct LineBreaker {
    /// The advance of a character in thousandths of an em.
    let advance: (Unicode.Scalar) -> Int

    /// The width of `text` at `size` points.
    func width(of text: some Sequence<Unicode.Scalar>, size: Double) -> Double {
        Double(text.reduce(0) { $0 + advance($1) }) * size / 1000
    }

    func lines(_ text: String, size: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrap(Array(paragraph.unicodeScalars), size: size, maxWidth: maxWidth)
        }
        return lines
    }

    private func wrap(_ scalars: [Unicode.Scalar], size: Double, maxWidth: Double) -> [String] {
        guard !scalars.isEmpty else { return [""] }
        var lines: [String] = []
        var line: [Unicode.Scalar] = []
        func emit() {
            while line.last == " " { line.removeLast() }
            lines.append(String(String.UnicodeScalarView(line)))
            line = []
        }
        for segment in Self.segments(scalars) {
            let inked = segment.dropLastSpaces
            if !line.isEmpty {
                if width(of: line, size: size) + width(of: inked, size: size) <= maxWidth {
                    line += segment
                    continue
                }
                emit()
            }
            if width(of: inked, size: size) <= maxWidth {
                line = segment
                continue
            }
            // Too wide even alone: break it between characters.
            for scalar in segment {
                if scalar != " ", !line.isEmpty,
                    width(of: line.dropLastSpaces, size: size) + width(of: [scalar], size: size) > maxWidth
                {
                    emit()
                }
                line.append(scalar)
            }
        }
        if !line.isEmpty || lines.isEmpty { emit() }
        return lines
    }

    /// The text cut at every place a line may break; each piece keeps the spaces that follow it.
    static func segments(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var segments: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for (index, scalar) in scalars.enumerated() {
            if index > 0, !current.isEmpty, mayBreak(between: scalars[index - 1], and: scalar) {
                segments.append(current)
                current = []
            }
            current.append(scalar)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    static func mayBreak(between previous: Unicode.Scalar, and next: Unicode.Scalar) -> Bool {
        if next == " " { return false }
        if previous == " " { return true }
        if closing.contains(next) || opening.contains(previous) { return false }
        return breaksAround(previous) || breaksAround(next)
    }

    /// Characters a line may break before and after: CJK ideographs, kana, hangul, their punctuation and
    /// full-width forms, and pictographs.
    static func breaksAround(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x2E80...0x2FFF, 0x3000...0x303F, 0x3040...0x31FF, 0x3200...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x2600...0x27BF, 0x1F000...0x1FAFF,
            0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Marks a line must not start with.
    static let closing: Set<Unicode.Scalar> = Set("，。、；：？！）」』》〉】〕｝〗〙〛’”…‥·・ー～％,.;:?!)]}%".unicodeScalars)
    /// Marks a line must not end with.
    static let opening: Set<Unicode.Scalar> = Set("（「『《〈【〔｛〖〘〚‘“([{".unicodeScalars)
}

extension Collection where Element == Unicode.Scalar {
    /// The characters without the spaces at the end.
    fileprivate var dropLastSpaces: [Unicode.Scalar] {
        var scalars = Array(self)
        while scalars.last == " " { scalars.removeLast() }
        return scalars
    }
}
