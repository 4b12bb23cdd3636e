/// The pages made for one stamp: the cover PDF, and the watermark PDF with one page (and form `/W`) per size of
/// page in the original.
package struct StampPages {
    package var cover: [UInt8]?
    package var coverPages = 0
    package var watermark: [UInt8]?
    /// For each page of the original, the page of ``watermark`` made for its size (1-based).
    package var overlayPages: [Int] = []

    init(cover: CoverPage?, watermark: String?, geometries: [PageGeometry], font: StampFont) throws(PDFStampError) {
        let face = try FontFace(font)
        let breaker = LineBreaker { face.drawnGlyph(for: $0).width }
        if let cover {
            let pages = CoverPageLayout(breaker: breaker).pages(for: cover)
            self.cover = try StampDocument.make(pages, face: face)
            coverPages = pages.count
        }
        if let watermark {
            // One watermark page per size the original's pages show, in a fixed order.
            let sizes = geometries.map(\.overlaySize)
            let distinct = Set(sizes).sorted()
            let numbers = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0 + 1) })
            let layout = WatermarkLayout(breaker: breaker)
            self.watermark = try StampDocument.make(
                distinct.map { layout.page(watermark, size: $0) }, face: face, asForms: true)
            overlayPages = sizes.map { numbers[$0]! }
        }
    }
}
