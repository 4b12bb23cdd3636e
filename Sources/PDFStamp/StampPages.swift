/// The pages made for one stamp, in one PDF (``StampDocument``): the cover's pages first, then one watermark page
/// (with its form `/W`) per size of page in the original.
package struct StampPages {
    package var document: [UInt8]
    /// Pages of ``document`` that are the cover (0 without a cover).
    package var coverPages = 0
    /// For each page of the original, the page of ``document`` made for its size (1-based, after the cover's), or
    /// empty without a watermark.
    package var overlayPages: [Int] = []

    init(cover: CoverPage?, watermark: String?, geometries: [PageGeometry], font: StampFont) throws(PDFStampError) {
        let face = try FontFace(font)
        let breaker = LineBreaker { face.drawnGlyph(for: $0).width }
        let coverPages = cover.map { CoverPageLayout(breaker: breaker).pages(for: $0) } ?? []
        var watermarkPages: [LaidOutPage] = []
        if let watermark {
            // One watermark page per size the original's pages show, in a fixed order.
            let sizes = geometries.map(\.overlaySize)
            let distinct = Set(sizes).sorted()
            let numbers = Dictionary(
                uniqueKeysWithValues: distinct.enumerated().map { ($1, coverPages.count + $0 + 1) })
            let layout = WatermarkLayout(breaker: breaker)
            watermarkPages = distinct.map { layout.page(watermark, size: $0) }
            overlayPages = sizes.map { numbers[$0]! }
        }
        self.coverPages = coverPages.count
        document = try StampDocument.make(coverPages, formPages: watermarkPages, face: face)
    }
}
