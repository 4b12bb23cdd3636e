@testable import PDFStamp

/// The cover as the writer alone makes it (no qpdf), for reference renderings.
enum CoverSample {
    /// The PDF, and the vertical extent in points (y up) of the heading's first line (empty without a heading).
    static func make(_ cover: CoverPage) throws -> ([UInt8], Range<Double>) {
        let face = try FontFace(.wenQuanYiMicroHei)
        let pages = CoverPageLayout(breaker: LineBreaker { face.drawnGlyph(for: $0).width }).pages(for: cover)
        let band = pages[0].texts.first(where: \.emphasis).map { heading in
            (heading.y - 0.25 * heading.size)..<(heading.y + 0.9 * heading.size)
        }
        return (try StampDocument.make(pages, face: face), band ?? 0..<0)
    }
}
