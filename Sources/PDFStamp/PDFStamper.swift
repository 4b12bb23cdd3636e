import Foundation

/// Makes the stamped copy of a delivered PDF: a copyright cover page in front, a per-reader watermark line on every
/// page of the original, linearized for fast first-page display, byte-identical every time it is made again.
///
/// The cover and watermark pages are made here (``CoverPageLayout``, ``WatermarkLayout``, ``StampDocument``) with a
/// HarfBuzz subset of the font embedded; libqpdf reads the original, takes the cover's pages and the watermark's
/// forms in, and writes the copy in one pass. Everything is blocking: call it off the event loop (on a thread of its
/// own or a thread pool), as the gateway does with libav. It holds the original's cross-reference table and page
/// dictionaries in memory, never its images, so a 300 MB scan costs little memory. Calls on different files may run
/// at the same time.
public enum PDFStamper {
    /// Writes the stamped copy of the PDF at `input` to `output`.
    ///
    /// The copy holds the cover's pages (if any), then every page of the original with the watermark (if any) drawn
    /// over it along the bottom edge, upright as the page is shown whatever its `/Rotate` or boxes; the original's
    /// content stays exactly where it was. It is linearized ("fast web view") and deterministic: the same input and
    /// request give the same bytes (a content-derived `/ID`, no dates, objects in a fixed order), so its strong ETag
    /// is stable. It is written under a temporary name beside `output`, flushed to disk and renamed: on failure
    /// nothing is left at `output` or beside it.
    ///
    /// An original encrypted with an owner password only (restricting printing or copying) is stamped and written
    /// without encryption (``StampResult/removedOwnerPassword``); one that needs a password to open is refused.
    /// A damaged original is repaired as far as qpdf can (``StampResult/warnings`` says what it found).
    ///
    /// - Parameters:
    ///   - input: the original PDF.
    ///   - output: where the stamped copy goes (replaced if it exists); its directory must exist.
    ///   - request: the cover and the watermark; at least one of them.
    ///   - progress: called with qpdf's progress while writing (0…100 percent), on the calling thread.
    /// - Throws: ``PDFStampError``: `.notPDF`, `.encrypted`, `.damaged`, `.unsupported` when the input is at fault,
    ///   `.invalidRequest`, `.io` or `.internal` otherwise.
    public static func stamp(
        input: String, output: String, request: StampRequest, progress: ((Int) -> Void)? = nil
    ) throws(PDFStampError) -> StampResult {
        let watermark = try validate(request)
        try requirePDFHeader(input)
        let document = try QPDFDocument(path: input)
        try document.pushInheritedAttributes()
        let geometries = try document.pageGeometries()
        guard !geometries.isEmpty else {
            throw PDFStampError(.damaged, "\(input) has no pages (qpdf found an empty page tree)")
        }
        let pages = try StampPages(
            cover: request.cover, watermark: watermark, geometries: geometries, font: request.font)

        // The stamp's document stays open until the copy is written: qpdf copies its streams then.
        let stampDocument = try QPDFDocument(bytes: pages.document, name: "the cover and watermark")
        if watermark != nil {
            let watermarkPages = pages.coverPages..<(try stampDocument.pageCount())
            let forms = try document.importForms(from: stampDocument, pages: watermarkPages)
            try document.overlay(
                forms: forms, formIndex: pages.overlayPages.map { $0 - 1 - pages.coverPages }, geometries: geometries)
        }
        if pages.coverPages > 0 {
            try document.insertPagesInFront(of: stampDocument, pages: 0..<pages.coverPages)
        }

        let file = try OutputFile(output)
        do {
            try withExtendedLifetime(stampDocument) { () throws(PDFStampError) in
                try document.write(to: file.temporaryPath, progress: progress)
            }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        return StampResult(
            pages: pages.coverPages + geometries.count, originalPages: geometries.count, coverPages: pages.coverPages,
            removedOwnerPassword: document.isEncrypted, warnings: document.warnings())
    }

    /// The cover and watermark pages a stamp of `input` would put in front and lay over, without writing the copy.
    /// (Package-visible for `stamp-bench`, which gives them to the `qpdf` program to compare.)
    package static func stampPages(input: String, request: StampRequest) throws(PDFStampError) -> StampPages {
        let watermark = try validate(request)
        try requirePDFHeader(input)
        let document = try QPDFDocument(path: input)
        try document.pushInheritedAttributes()
        return try StampPages(
            cover: request.cover, watermark: watermark, geometries: try document.pageGeometries(), font: request.font)
    }

    /// The watermark text, cleaned; refuses a request for nothing.
    private static func validate(_ request: StampRequest) throws(PDFStampError) -> String? {
        let watermark = request.watermark.map { StampText.clean($0, keepLineBreaks: false) }
        guard request.cover != nil || watermark != nil else {
            throw PDFStampError(.invalidRequest, "a stamp needs a cover page, a watermark or both")
        }
        if let watermark, watermark.trimmingSpaces.isEmpty {
            throw PDFStampError(.invalidRequest, "the watermark text is empty")
        }
        return watermark
    }

    /// Refuses a file that does not start like a PDF: `%PDF-` within its first 1,024 bytes (PDF 32000-1:2008 §7.5.2,
    /// and readers accept that much before it). qpdf would otherwise try to "recover" any file at length.
    private static func requirePDFHeader(_ path: String) throws(PDFStampError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw PDFStampError(.io, "\(path) \(reason)")
        }
        defer { try? handle.close() }
        let head: Data
        do {
            head = try handle.read(upToCount: 1024) ?? Data()
        } catch {
            throw PDFStampError(.io, "cannot read \(path): \(error.localizedDescription)")
        }
        guard head.range(of: Data("%PDF-".utf8)) != nil else {
            throw PDFStampError(
                .notPDF,
                head.isEmpty ? "\(path) is empty, not a PDF" : "\(path) is not a PDF (it does not start with %PDF-)")
        }
    }
}
