/// Lays out a ``CoverPage`` on A4 portrait pages (595 × 842 pt, the paper Chinese libraries print on): the heading
/// centred, a rule, the label/value rows as two columns, the paragraphs, and the footer at the bottom.
///
/// Everything is tried at the normal sizes first, then all sizes shrink together by steps of 10 % down to half;
/// text that does not fit on one page even then continues on further pages (the footer repeats on each). Pure: the
/// same cover and widths give the same pages.
struct CoverPageLayout {
    static let pageWidth = 595.0
    static let pageHeight = 842.0
    static let margin = (left: 64.0, right: 64.0, top: 72.0, bottom: 56.0)
    static let smallestScale = 0.5

    let breaker: LineBreaker

    private var textWidth: Double { Self.pageWidth - Self.margin.left - Self.margin.right }

    func pages(for cover: CoverPage) -> [LaidOutPage] {
        var scale = 1.0
        while true {
            let pages = layOut(cover, scale: scale)
            if pages.count == 1 || scale * 0.9 < Self.smallestScale - 1e-9 { return pages }
            scale *= 0.9
        }
    }

    /// A line of the flow: its own vertical space (`height`, plus `spaceBefore` unless it starts a page) and what
    /// it draws, with x positions and baselines relative to the top of its space.
    private struct FlowLine {
        var spaceBefore: Double
        var height: Double
        var texts: [PlacedText] = []
        var rules: [PlacedRule] = []
    }

    private func layOut(_ cover: CoverPage, scale: Double) -> [LaidOutPage] {
        let left = Self.margin.left
        var flow: [FlowLine] = []

        // Heading: centred, heavier, 18 pt.
        let headingSize = 18 * scale
        let heading = StampText.clean(cover.heading)
        if !heading.trimmingSpaces.isEmpty {
            for line in breaker.lines(heading, size: headingSize, maxWidth: textWidth) {
                let x = left + (textWidth - breaker.width(of: line.unicodeScalars, size: headingSize)) / 2
                flow.append(
                    textLine(
                        [PlacedText(text: line, x: x, y: 0, size: headingSize, gray: 0, emphasis: true)],
                        size: headingSize, leading: 1.3, spaceBefore: 0))
            }
            flow.append(
                FlowLine(
                    spaceBefore: 8 * scale, height: 1,
                    rules: [PlacedRule(x0: left, y0: -0.5, x1: left + textWidth, y1: -0.5, lineWidth: 0.75, gray: 0.55)]
                ))
        }

        // Rows: labels in a column as wide as the widest label (at most 40 % of the text width), values beside.
        let labelSize = 10 * scale
        let valueSize = 10.5 * scale
        let gap = 14 * scale
        let rows = cover.rows.map { (label: StampText.clean($0.label), value: StampText.clean($0.value)) }
        let widestLabel =
            rows.map { row in
                row.label.split(separator: "\n").map { breaker.width(of: $0.unicodeScalars, size: labelSize) }.max()
                    ?? 0
            }.max() ?? 0
        let labelWidth = min(widestLabel, textWidth * 0.4 - gap)
        let valueX = left + labelWidth + gap
        for (rowIndex, row) in rows.enumerated() {
            let labels = breaker.lines(row.label, size: labelSize, maxWidth: labelWidth)
            let values = breaker.lines(row.value, size: valueSize, maxWidth: textWidth - labelWidth - gap)
            for index in 0..<max(labels.count, values.count) {
                var texts: [PlacedText] = []
                if index < labels.count, !labels[index].isEmpty {
                    texts.append(PlacedText(text: labels[index], x: left, y: 0, size: labelSize, gray: 0.35))
                }
                if index < values.count, !values[index].isEmpty {
                    texts.append(PlacedText(text: values[index], x: valueX, y: 0, size: valueSize, gray: 0))
                }
                let first = index == 0
                flow.append(
                    textLine(
                        texts, size: valueSize, leading: 1.45,
                        spaceBefore: first ? (rowIndex == 0 ? 16 * scale : 5 * scale) : 0))
            }
        }

        // Paragraphs.
        let paragraphSize = 10 * scale
        for (index, paragraph) in cover.paragraphs.map({ StampText.clean($0) }).enumerated() {
            for (lineIndex, line) in breaker.lines(paragraph, size: paragraphSize, maxWidth: textWidth).enumerated() {
                let texts = line.isEmpty ? [] : [PlacedText(text: line, x: left, y: 0, size: paragraphSize, gray: 0)]
                let spaceBefore = lineIndex > 0 ? 0 : (index == 0 ? 18 * scale : 8 * scale)
                flow.append(textLine(texts, size: paragraphSize, leading: 1.55, spaceBefore: spaceBefore))
            }
        }

        // The footer, anchored at the bottom margin; the flow ends above it.
        let footerSize = 8 * scale
        let footerLines =
            cover.footer.map { breaker.lines(StampText.clean($0), size: footerSize, maxWidth: textWidth) } ?? []
        let footerLeading = footerSize * 1.4
        var footerTexts: [PlacedText] = []
        for (index, line) in footerLines.reversed().enumerated() where !line.isEmpty {
            let y = Self.margin.bottom + Double(index) * footerLeading + footerSize * 0.25
            footerTexts.append(PlacedText(text: line, x: left, y: y, size: footerSize, gray: 0.35))
        }
        footerTexts.reverse()
        let flowBottom =
            Self.margin.bottom + (footerLines.isEmpty ? 0 : Double(footerLines.count) * footerLeading + 14 * scale)

        // Flow the lines into pages.
        var pages: [LaidOutPage] = []
        var page = LaidOutPage(width: Self.pageWidth, height: Self.pageHeight)
        var top = Self.pageHeight - Self.margin.top
        var pageIsEmpty = true
        for line in flow {
            let space = pageIsEmpty ? 0 : line.spaceBefore
            if !pageIsEmpty, top - space - line.height < flowBottom {
                page.texts += footerTexts
                pages.append(page)
                page = LaidOutPage(width: Self.pageWidth, height: Self.pageHeight)
                top = Self.pageHeight - Self.margin.top
                pageIsEmpty = true
                if line.texts.isEmpty { continue }  // no blank line or rule at the top of a page
            }
            top -= pageIsEmpty ? 0 : line.spaceBefore
            page.texts += line.texts.map { text in
                var text = text
                text.y += top
                return text
            }
            page.rules += line.rules.map { rule in
                var rule = rule
                rule.y0 += top
                rule.y1 += top
                return rule
            }
            top -= line.height
            pageIsEmpty = false
        }
        page.texts += footerTexts
        pages.append(page)
        return pages
    }

    /// A line `size × leading` high whose texts sit on one baseline, centred in it as a font of ascent 0.8 em and
    /// descent 0.2 em would be.
    private func textLine(_ texts: [PlacedText], size: Double, leading: Double, spaceBefore: Double) -> FlowLine {
        let height = size * leading
        let baseline = -(height - size) / 2 - size * 0.8
        return FlowLine(
            spaceBefore: spaceBefore, height: height,
            texts: texts.map { text in
                var text = text
                text.y = baseline
                return text
            })
    }
}

extension String {
    /// The string without spaces at either end.
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
