/// Lays out the watermark line for a page of a given size (as the reader sees it): light gray, centred in the bottom
/// margin, where it rarely covers the text of a book page or a scan's printed area.
///
/// The size follows the page (1.4 % of its shorter side, between 5 and 9 pt); a line too long for the page is made
/// smaller, down to 4 pt, then wrapped onto more lines upwards. Pure: the same text and size give the same page.
struct WatermarkLayout {
    static let gray = 0.55
    static let largestSize = 9.0
    static let smallestSize = 4.0

    let breaker: LineBreaker

    func page(_ watermark: String, size: OverlaySize) -> LaidOutPage {
        let width = Double(size.width)
        let height = Double(size.height)
        let text = StampText.clean(watermark, keepLineBreaks: false)
        let side = min(max(width * 0.04, 4), width / 4)
        let available = width - 2 * side
        // Tiny pages (a few centimetres) get a smaller floor, so the watermark stays inside them.
        let smallest = min(Self.smallestSize, max(1.5, min(width, height) / 30))
        var fontSize = min(Self.largestSize, max(5, min(width, height) * 0.014))
        let natural = breaker.width(of: text.unicodeScalars, size: fontSize)
        if natural > available { fontSize = max(smallest, fontSize * available / natural) }
        let lines = breaker.lines(text, size: fontSize, maxWidth: available)

        var page = LaidOutPage(width: width, height: height)
        let bottom = max(height * 0.012, 2) + fontSize * 0.25
        for (index, line) in lines.reversed().enumerated() {
            let lineWidth = breaker.width(of: line.unicodeScalars, size: fontSize)
            page.texts.append(
                PlacedText(
                    text: line, x: (width - lineWidth) / 2, y: bottom + Double(index) * fontSize * 1.25, size: fontSize,
                    gray: Self.gray))
        }
        page.texts.reverse()
        return page
    }
}
