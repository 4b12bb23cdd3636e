import Foundation
import PDFStamp
import Synchronization
import Testing

/// The stamped copy as readers see it, checked with real tools: qpdf, poppler's pdftotext, pdffonts and pdftoppm.
@Suite("Stamped copy", .serialized)
struct StampedCopyTests {
    static let mixedWithScan =
        SamplePDF.mixed + [SamplePDF.Page(text: "Scanned page", image: (width: 300, height: 420))]

    @Test func everyReaderAcceptsTheStampedCopy() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(Self.mixedWithScan), "original.pdf")
        let (output, result) = try Fixture.stamp(input, in: scratch)

        #expect(result.originalPages == 6)
        #expect(result.coverPages == 1)
        #expect(result.pages == 7)
        #expect(try Fixture.pageCount(output) == 7)
        #expect(!result.removedOwnerPassword)

        let check = try Tool.run("qpdf", ["--check", output])
        #expect(check.status == 0, "qpdf --check: \(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("No syntax or stream encoding errors found"))

        let linearization = try Tool.run("qpdf", ["--check-linearization", output])
        #expect(linearization.status == 0)
        #expect(linearization.stdout.contains("no linearization errors"), "\(linearization.stdout)")

        // The cover: every field on page 1, and no watermark there.
        let cover = try Fixture.text(output, page: 1)
        for field in [
            Fixture.heading, "黑龙江志稿（民国二十二年铅印本）", "4k2m9q7x1c8v3b6n5z0a", "王小明（R-****24）", "dlv_8f3k2m",
            "Qiqihar Library",
        ] {
            #expect(cover.contains(field), "the cover lacks \(field): \(cover)")
        }
        #expect(!cover.contains("个人学习研究使用"))
        // The watermark, exactly, on every original page (rotated, odd boxes and the scan included).
        for page in 2...7 {
            let text = try Fixture.text(output, page: page)
            #expect(text.contains(Fixture.watermark), "page \(page): \(text)")
        }

        // Our font: embedded, subset (ABCDEF+ tag), with a ToUnicode map; one subset serves cover and watermark.
        let fonts = try Tool.run("pdffonts", [output]).stdout.split(separator: "\n").filter {
            $0.contains("WenQuanYiMicroHei")
        }
        #expect(fonts.count == 1, "\(fonts)")
        for line in fonts {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns[0].wholeMatch(of: /[A-Z]{6}\+WenQuanYiMicroHei/) != nil, "\(line)")
            #expect(line.contains("CID TrueType") && line.contains("Identity-H"), "\(line)")
            #expect(columns[4...6] == ["yes", "yes", "yes"], "emb sub uni: \(line)")
        }
    }

    @Test("the watermark sits upright along the bottom edge the reader sees", arguments: 1...6)
    func watermarkPlacement(page: Int) throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(Self.mixedWithScan), "original.pdf")
        let (output, _) = try Fixture.stamp(input, StampRequest(watermark: Fixture.watermark), in: scratch)
        let before = try Rendering(input, page: page, scratch: scratch)
        let after = try Rendering(output, page: page, scratch: scratch)
        #expect(after.complaints.isEmpty, "pdftoppm: \(after.complaints)")
        let box = try #require(before.differences(from: after), "no watermark drawn on page \(page)")
        let boxWidth = box.x1 - box.x0 + 1
        let boxHeight = box.y1 - box.y0 + 1
        // Upright: a line of text is much wider than tall (sideways it would be the other way round).
        #expect(boxWidth > 4 * boxHeight, "page \(page): \(box)")
        // In the bottom margin of the page as shown (upside down it would be at the top).
        #expect(Double(box.y0) > Double(after.height) * 0.88, "page \(page): \(box) of \(after.width)×\(after.height)")
        // Centred across the page.
        #expect(abs(Double(box.x0 + box.x1) / 2 - Double(after.width) / 2) < Double(after.width) * 0.05)
        #expect(box.x0 >= 0 && box.x1 < after.width)
    }

    /// Resources inherited from the page tree, a blank page without contents or resources: each gets the
    /// watermark, and the text of the others still draws with its font.
    @Test func pagesWithInheritedOrNoResources() throws {
        let scratch = try Scratch()
        let pages = [
            SamplePDF.Page(text: "Inherited resources", inheritedResources: true),
            SamplePDF.Page(text: "", blank: true),
            SamplePDF.Page(text: "Inherited resources and rotation", rotate: nil, inheritedRotate: 90, inheritedResources: true),
        ]
        let input = try scratch.write(SamplePDF.make(pages), "original.pdf")
        let (output, result) = try Fixture.stamp(input, StampRequest(watermark: Fixture.watermark), in: scratch)
        #expect(result.pages == 3)
        let check = try Tool.run("qpdf", ["--check", output])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        for page in 1...3 {
            #expect(try Fixture.text(output, page: page).contains(Fixture.watermark), "page \(page)")
            let before = try Rendering(input, page: page, scratch: scratch)
            let after = try Rendering(output, page: page, scratch: scratch)
            #expect(after.complaints.isEmpty, "page \(page): \(after.complaints)")
            let box = try #require(before.differences(from: after), "no watermark on page \(page)")
            #expect(Double(box.y0) > Double(after.height) * 0.88, "page \(page): \(box)")
        }
        #expect(try Fixture.text(output, page: 1).contains("Inherited resources"))
        #expect(try Fixture.text(output, page: 3).contains("Inherited resources and rotation"))
    }

    @Test func coverRendersAsTheWriterDrawsIt() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")
        let (output, _) = try Fixture.stamp(input, in: scratch)
        let stamped = try Rendering(output, page: 1, scratch: scratch)
        #expect(stamped.complaints.isEmpty, "pdftoppm: \(stamped.complaints)")

        // The reference: the cover alone, as the writer makes it before qpdf merges it.
        let (reference, headingRows) = try CoverReference.render(Fixture.cover, scratch: scratch)
        #expect(stamped.width == reference.width && stamped.height == reference.height)
        let differences = stamped.differences(from: reference)
        #expect(differences == nil, "stamped cover differs from the writer's: \(String(describing: differences))")
        // The heading (Chinese and Latin) is drawn: dark pixels where it goes, none there without it.
        #expect(stamped.darkPixels(rows: headingRows) > 100)
        var headless = Fixture.cover
        headless.heading = "\u{3000}"  // an ideographic space: the same layout, nothing drawn
        let (blank, _) = try CoverReference.render(headless, scratch: scratch)
        #expect(blank.darkPixels(rows: headingRows) == 0)
    }

    @Test func twoMakingsAreByteIdentical() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(Self.mixedWithScan), "original.pdf")
        let first = try Fixture.stamp(input, in: scratch, name: "first.pdf")
        let second = try Fixture.stamp(input, in: scratch, name: "second.pdf")
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first.path))
        let secondBytes = try Data(contentsOf: URL(fileURLWithPath: second.path))
        #expect(firstBytes == secondBytes)
        #expect(firstBytes.count > 10_000)
    }

    /// The watermark is drawn over the page, the page itself does not move: every rendered pixel outside the
    /// watermark's band is as in the original. (qpdf's own --overlay moves the content of a turned page whose box
    /// does not start at 0,0; page 4 is one.)
    @Test("the original's content stays where it was", arguments: 1...6)
    func originalContentStays(page: Int) throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(Self.mixedWithScan), "original.pdf")
        let (output, _) = try Fixture.stamp(input, StampRequest(watermark: Fixture.watermark), in: scratch)
        let before = try Rendering(input, page: page, dpi: 72, scratch: scratch)
        let after = try Rendering(output, page: page, dpi: 72, scratch: scratch)
        let band = Int(Double(after.height) * 0.9)
        var changed = 0
        for y in 0..<band {
            for x in 0..<after.width where before[x, y] != after[x, y] { changed += 1 }
        }
        #expect(changed == 0, "page \(page): \(changed) pixels above the watermark changed")
    }

    /// The gateway stamps on a pool of threads: stampings at the same time share nothing and give the same bytes.
    @Test func stampingsAtTheSameTimeGiveTheSameBytes() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(Self.mixedWithScan), "original.pdf")
        let outputs = (0..<4).map { scratch.file("out-\($0).pdf") }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: outputs.count) { index in
            do {
                _ = try PDFStamper.stamp(input: input, output: outputs[index], request: Fixture.request)
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let copies = try outputs.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(Set(copies).count == 1)
    }

    @Test func coverOnlyAndWatermarkOnly() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")

        let (coverOnly, coverResult) = try Fixture.stamp(
            input, StampRequest(cover: Fixture.cover), in: scratch, name: "c.pdf")
        #expect(coverResult.pages == 6)
        #expect(try Fixture.pageCount(coverOnly) == 6)
        #expect(!(try Fixture.text(coverOnly, page: 2)).contains(Fixture.reader))

        let (watermarkOnly, watermarkResult) = try Fixture.stamp(
            input, StampRequest(watermark: Fixture.watermark), in: scratch, name: "w.pdf")
        #expect(watermarkResult.pages == 5 && watermarkResult.coverPages == 0)
        #expect(try Fixture.text(watermarkOnly, page: 1).contains(Fixture.watermark))
        for output in [coverOnly, watermarkOnly] {
            #expect(try Tool.run("qpdf", ["--check", output]).status == 0)
        }
    }

    /// An emoji and a CJK Extension B ideograph are not in WenQuanYi Micro Hei (it covers the BMP only): they are
    /// drawn as `?`, and still copy as themselves.
    @Test func charactersOutsideTheFontStillRender() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")
        let name = "王𠀀明😀 Zoë"
        var cover = Fixture.cover
        cover.rows.append(.init("读者 Reader", name))
        cover.heading = "声明 𠀀 😀"
        let (output, result) = try Fixture.stamp(
            input, StampRequest(cover: cover, watermark: "仅供 \(name) 个人学习研究使用"), in: scratch)
        #expect(result.pages == 6)
        #expect(try Tool.run("qpdf", ["--check", output]).status == 0)
        for page in [1, 2, 3] {
            let rendering = try Rendering(output, page: page, scratch: scratch)
            #expect(rendering.complaints.isEmpty, "page \(page): \(rendering.complaints)")
        }
        #expect(try Fixture.text(output, page: 1).contains(name))
        #expect(try Fixture.text(output, page: 2).contains("仅供 \(name) 个人学习研究使用"))
    }

    @Test func progressIsReported() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")
        final class Seen { var percents: [Int] = [] }
        let seen = Seen()
        _ = try PDFStamper.stamp(
            input: input, output: scratch.file("out.pdf"), request: Fixture.request,
            progress: { seen.percents.append($0) })
        #expect(!seen.percents.isEmpty)
        #expect(seen.percents.allSatisfy { (0...100).contains($0) })
    }
}

/// The cover made by the writer alone, rendered: the reference the stamped copy's first page is compared with.
enum CoverReference {
    /// The rendering at 50 dpi, and the pixel rows of the heading's first line.
    static func render(_ cover: CoverPage, scratch: Scratch) throws -> (Rendering, Range<Int>) {
        let (bytes, headingBand) = try CoverSample.make(cover)
        let file = try scratch.write(bytes, "cover-\(UUID().uuidString).pdf")
        let rendering = try Rendering(file, page: 1, scratch: scratch)
        let scale = 50.0 / 72
        let rows =
            Int(
                ((842 - headingBand.upperBound) * scale).rounded(.down))..<Int(
                ((842 - headingBand.lowerBound) * scale).rounded(.up))
        return (rendering, rows)
    }
}
