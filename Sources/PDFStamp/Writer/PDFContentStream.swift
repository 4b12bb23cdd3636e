/// The drawing operators of one page (PDF 32000-1:2008 §8–9), for laid-out text in one `Type0` font `/F1`.
struct PDFContentStream {
    private(set) var text = ""

    init(page: LaidOutPage, font: EmbeddedFont) {
        for rule in page.rules {
            text +=
                "q \(n(rule.gray)) G \(n(rule.lineWidth)) w \(n(rule.x0)) \(n(rule.y0)) m \(n(rule.x1)) \(n(rule.y1)) l S Q\n"
        }
        guard !page.texts.isEmpty else { return }
        text += "BT\n"
        for placed in page.texts where !placed.text.isEmpty {
            // Emphasis: fill and stroke the glyphs (render mode 2) with a thin outline, a heavier weight of the one
            // embedded font.
            let mode = placed.emphasis ? "2 Tr \(n(placed.size * 0.03)) w \(n(placed.gray)) G " : "0 Tr "
            text += "\(mode)\(n(placed.gray)) g /F1 \(n(placed.size)) Tf 1 0 0 1 \(n(placed.x)) \(n(placed.y)) Tm "
            text += font.encode(placed.text) + " Tj\n"
        }
        text += "ET\n"
    }

    var bytes: [UInt8] { Array(text.utf8) }

    private func n(_ value: Double) -> String { PDFSyntax.number(value) }
}
