extension FontFace {
    /// What is drawn for one character: a glyph of the font and its advance in thousandths of an em.
    struct DrawnGlyph: Equatable {
        var glyph: UInt32
        var width: Int
    }

    /// The glyph drawn for `scalar`. A character the font lacks (an emoji, a rare CJK Extension B ideograph) is drawn
    /// as `?`; one that is invisible anyway (a variation selector, a zero-width joiner) as nothing, zero wide. The
    /// text behind it stays the original character (the ToUnicode map of ``EmbeddedFont``), so the stamped copy
    /// still finds and copies as the real name.
    func drawnGlyph(for scalar: Unicode.Scalar) -> DrawnGlyph {
        if let glyph = glyph(for: scalar) {
            return DrawnGlyph(glyph: glyph, width: thousandths(advance(of: glyph)))
        }
        if scalar.properties.isDefaultIgnorableCodePoint {
            return DrawnGlyph(glyph: glyph(for: " ") ?? 0, width: 0)
        }
        let glyph = glyph(for: "?") ?? 0
        return DrawnGlyph(glyph: glyph, width: thousandths(advance(of: glyph)))
    }

    /// Font units → thousandths of an em (PDF glyph space), rounded.
    func thousandths(_ fontUnits: Int) -> Int {
        let scaled = Double(fontUnits) * 1000 / Double(unitsPerEm)
        return Int(scaled.rounded())
    }
}
