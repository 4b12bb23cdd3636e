import Testing

@testable import PDFStamp

/// The pure parts: line breaking, cover and watermark layout, page geometry, PDF number spelling, the job.
@Suite("Layout")
struct LayoutTests {
    /// Every Latin character half an em wide, every CJK character a full em: easy widths to reason about.
    static var breaker: LineBreaker { LineBreaker { LineBreaker.breaksAround($0) ? 1000 : 500 } }

    struct WrapCase: CustomTestStringConvertible, Sendable {
        var text: String
        /// In ems at size 1000/1000: width 10 holds 20 Latin or 10 CJK characters.
        var width: Double
        var lines: [String]
        var testDescription: String { "\(text.debugDescription) in \(width)" }
    }

    @Test(
        "lines break where Chinese and Latin typesetting allow",
        arguments: [
            WrapCase(text: "the quick brown fox jumps", width: 6, lines: ["the quick", "brown fox", "jumps"]),
            WrapCase(text: "一二三四五六七八九十", width: 4, lines: ["一二三四", "五六七八", "九十"]),
            // A closing mark never starts a line: it takes the character before it along.
            WrapCase(text: "一二三，四五", width: 3, lines: ["一二", "三，四", "五"]),
            // An opening mark never ends a line.
            WrapCase(text: "一二《三》", width: 3, lines: ["一二", "《三》"]),
            // Latin inside Chinese stays whole; Chinese breaks around it.
            WrapCase(text: "读者Reader王小明", width: 4, lines: ["读者", "Reader王", "小明"]),
            // A word wider than the line is broken between characters.
            WrapCase(text: "dlv_8f3k2m9q7x", width: 3, lines: ["dlv_8f", "3k2m9q", "7x"]),
            // Line breaks are kept, empty lines too; spaces at a break are dropped.
            WrapCase(text: "a\n\nb   c", width: 1, lines: ["a", "", "b", "c"]),
            WrapCase(text: "", width: 5, lines: [""]),
        ])
    func wrapping(_ example: WrapCase) {
        let lines = Self.breaker.lines(example.text, size: 1, maxWidth: example.width / 1)
        #expect(lines == example.lines)
        for line in lines {
            #expect(
                Self.breaker.width(of: line.unicodeScalars, size: 1) <= example.width || line.unicodeScalars.count == 1)
        }
    }

    @Test func aUsualCoverFitsOnePageAtFullSize() {
        let pages = CoverPageLayout(breaker: Self.breaker).pages(for: Fixture.cover)
        #expect(pages.count == 1)
        let heading = pages[0].texts.first { $0.emphasis }
        #expect(heading?.size == 18)
        #expect(pages[0].texts.contains { $0.text == "王小明（R-****24）" })
        expectInsideMargins(pages)
    }

    @Test func aLongCoverShrinksThenContinuesOnAnotherPage() {
        var cover = Fixture.cover
        cover.paragraphs = Array(repeating: String(repeating: "本复制件仅供上述读者个人学习研究使用。", count: 30), count: 6)
        let shrunk = CoverPageLayout(breaker: Self.breaker).pages(for: cover)
        #expect(shrunk.count == 1)
        #expect((shrunk[0].texts.first { $0.emphasis }?.size ?? 18) < 18)
        expectInsideMargins(shrunk)

        cover.paragraphs = Array(repeating: String(repeating: "本复制件仅供上述读者个人学习研究使用。", count: 20), count: 30)
        let continued = CoverPageLayout(breaker: Self.breaker).pages(for: cover)
        #expect(continued.count > 1)
        #expect((continued[0].texts.first { $0.emphasis }?.size ?? 18) < 10)  // about half size, the smallest
        expectInsideMargins(continued)
        // The footer repeats at the bottom of every page.
        for page in continued {
            #expect(page.texts.contains { $0.text.hasPrefix("依据《中华人民共和国著作权法》") })
        }
        // Nothing is lost: every paragraph character is on some page.
        let drawn = continued.flatMap(\.texts).map(\.text).joined()
        #expect(drawn.filter { $0 == "。" }.count >= 20 * 30)
    }

    func expectInsideMargins(_ pages: [LaidOutPage]) {
        for page in pages {
            for text in page.texts {
                let width = Self.breaker.width(of: text.text.unicodeScalars, size: text.size)
                #expect(text.x >= CoverPageLayout.margin.left - 0.01, "\(text)")
                #expect(text.x + width <= CoverPageLayout.pageWidth - CoverPageLayout.margin.right + 0.01, "\(text)")
                #expect(text.y >= CoverPageLayout.margin.bottom, "\(text)")
                // (glyphs rise about 0.8 em above the baseline)
                #expect(
                    text.y + 0.8 * text.size <= CoverPageLayout.pageHeight - CoverPageLayout.margin.top + 0.01,
                    "\(text)")
            }
        }
    }

    @Test(
        "the watermark is one centred line in the bottom margin when it fits",
        arguments: [
            OverlaySize(width: 595, height: 842), OverlaySize(width: 842, height: 595),
            OverlaySize(width: 300, height: 300),
        ])
    func watermark(size: OverlaySize) {
        let page = WatermarkLayout(breaker: Self.breaker).page(Fixture.watermark, size: size)
        #expect(page.texts.count == 1)
        let line = page.texts[0]
        let width = Self.breaker.width(of: line.text.unicodeScalars, size: line.size)
        #expect(abs(line.x + width / 2 - Double(size.width) / 2) < 0.01)
        #expect(line.x >= 0 && line.x + width <= Double(size.width))
        #expect(line.y < Double(size.height) * 0.05)
        #expect(line.size <= WatermarkLayout.largestSize && line.size >= WatermarkLayout.smallestSize)
        #expect(line.gray == WatermarkLayout.gray)
    }

    @Test func onANarrowPageTheWatermarkShrinksThenWraps() {
        let page = WatermarkLayout(breaker: Self.breaker).page(
            Fixture.watermark, size: OverlaySize(width: 120, height: 400))
        #expect(page.texts.count > 1)
        #expect(page.texts.allSatisfy { $0.size == WatermarkLayout.smallestSize })
        // Nothing is lost but the spaces where lines break.
        #expect(page.texts.map(\.text).joined().filter { $0 != " " } == Fixture.watermark.filter { $0 != " " })
        for text in page.texts {
            #expect(text.x >= 0 && text.x + Self.breaker.width(of: text.text.unicodeScalars, size: text.size) <= 120)
        }
        // Lines go upwards from the bottom, first line on top.
        #expect(zip(page.texts, page.texts.dropFirst()).allSatisfy { $0.y > $1.y })
    }

    struct GeometryCase: Sendable, CustomTestStringConvertible {
        var mediaBox: [Double]?
        var cropBox: [Double]?
        var rotate: Int
        var size: OverlaySize
        var testDescription: String {
            "\(String(describing: mediaBox)) \(String(describing: cropBox)) /Rotate \(rotate)"
        }
    }

    @Test(
        "the watermark page has the size the reader sees",
        arguments: [
            GeometryCase(mediaBox: [0, 0, 595.3, 841.9], rotate: 0, size: OverlaySize(width: 595, height: 841)),
            GeometryCase(mediaBox: [0, 0, 595, 842], rotate: 90, size: OverlaySize(width: 842, height: 595)),
            GeometryCase(mediaBox: [0, 0, 595, 842], rotate: -90, size: OverlaySize(width: 842, height: 595)),
            GeometryCase(mediaBox: [0, 0, 595, 842], rotate: 450, size: OverlaySize(width: 842, height: 595)),
            GeometryCase(mediaBox: [0, 0, 595, 842], rotate: 45, size: OverlaySize(width: 595, height: 842)),
            GeometryCase(mediaBox: [100, 200, 400, 500], rotate: 180, size: OverlaySize(width: 300, height: 300)),
            GeometryCase(mediaBox: [400, 500, 100, 200], rotate: 0, size: OverlaySize(width: 300, height: 300)),
            // The crop box within the media box is what shows.
            GeometryCase(
                mediaBox: [0, 0, 842, 595], cropBox: [20, 30, 800, 580], rotate: 270,
                size: OverlaySize(width: 550, height: 780)),
            GeometryCase(
                mediaBox: [0, 0, 600, 800], cropBox: [-50, -50, 300, 900], rotate: 0,
                size: OverlaySize(width: 300, height: 800)),
            GeometryCase(
                mediaBox: [0, 0, 600, 800], cropBox: [700, 0, 900, 800], rotate: 0,
                size: OverlaySize(width: 600, height: 800)),
            GeometryCase(mediaBox: nil, rotate: 90, size: OverlaySize(width: 842, height: 595)),
            GeometryCase(mediaBox: [0, 0, 0, 0], rotate: 0, size: OverlaySize(width: 595, height: 842)),
        ])
    func geometry(_ example: GeometryCase) {
        #expect(
            PageGeometry(mediaBox: example.mediaBox, cropBox: example.cropBox, rotate: example.rotate).overlaySize
                == example.size)
    }

    /// The drawing's bottom-left corner lands on the corner shown bottom left, its x axis along the edge shown at the
    /// bottom: checked by turning user space as a viewer does.
    @Test("the watermark is placed upright on the shown page", arguments: [0, 90, 180, 270])
    func placement(rotate: Int) {
        let geometry = PageGeometry(mediaBox: [0, 0, 900, 900], cropBox: [100, 200, 400, 600], rotate: rotate)
        let m = geometry.displayToUser
        let (width, height) = geometry.displaySize
        // User space → the page as shown: relative to the box, turned clockwise by `rotate`, origin bottom left.
        func shown(_ x: Double, _ y: Double) -> (Double, Double) {
            let (u, v) = (x - 100, y - 200)  // the box is 300 × 400
            switch rotate {
            case 90: return (v, 300 - u)
            case 180: return (300 - u, 400 - v)
            case 270: return (400 - v, u)
            default: return (u, v)
            }
        }
        func apply(_ x: Double, _ y: Double) -> (Double, Double) {
            (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
        }
        for (x, y) in [(0.0, 0.0), (width, 0), (0, height), (width, height), (10, 5)] {
            let (ux, uy) = apply(x, y)
            let (sx, sy) = shown(ux, uy)
            #expect(abs(sx - x) < 1e-9 && abs(sy - y) < 1e-9, "/Rotate \(rotate): (\(x), \(y)) lands at (\(sx), \(sy))")
        }
    }

    @Test(
        "PDF numbers",
        arguments: [
            (0.0, "0"), (12, "12"), (12.5, "12.5"), (-0.25, "-0.25"), (0.004, "0"), (-0.004, "0"), (1.005, "1"),
            (595.276, "595.28"), (1e6, "1000000"),
        ])
    func number(_ value: Double, _ spelled: String) {
        #expect(PDFSyntax.number(value) == spelled)
    }
}
