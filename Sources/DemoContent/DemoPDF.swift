/// Writes small, valid multi-page PDF files with Chinese and English text, for the demo store.
///
/// Printable ASCII is set in Helvetica (a standard Type 1 font every viewer has); other characters use
/// Adobe's non-embedded CJK font STSong-Light through a Type 0 font with the `UniGB-UCS2-H` CMap
/// (registry Adobe, ordering GB1, supplement 2), so the file stays tiny and viewers
/// substitute a local Song/Ming face. Characters outside the Basic Multilingual Plane become `?`.
public enum DemoPDF {
    /// A4 in PDF points.
    static let pageWidth = 595
    static let pageHeight = 842

    /// Builds a PDF.
    /// - Parameters:
    ///   - title: shown at the top of every page and stored as the document title.
    ///   - pages: one array of text lines per page; an empty array gives one page with the title only.
    /// - Returns: the bytes of the file.
    public static func make(title: String, pages: [[String]]) -> [UInt8] {
        let pageLines = pages.isEmpty ? [[]] : pages
        var writer = PDFObjectWriter()
        let catalog = writer.addObject("<< /Type /Catalog /Pages 2 0 R >>")
        // Object 2 (the page tree) must list its kids, whose numbers are known in advance:
        // fonts take 3…6, the info dictionary 7, then each page is followed by its content stream.
        let firstPage = 8
        let kids = (0..<pageLines.count).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        writer.addObject("<< /Type /Pages /Kids [\(kids)] /Count \(pageLines.count) >>")
        writer.addObject("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        writer.addObject(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>"
        )
        writer.addObject(
            """
            << /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> \
            /FontDescriptor 6 0 R /DW 1000 >>
            """)
        writer.addObject(
            """
            << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
            /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>
            """)
        let info = writer.addObject(
            "<< /Title \(PDFText.textString(title)) /Producer (Literature Delivery Gateway demo) >>")
        for (index, lines) in pageLines.enumerated() {
            let page = writer.nextObjectNumber
            precondition(page == firstPage + 2 * index, "object numbering drifted")
            writer.addObject(
                """
                << /Type /Page /Parent 2 0 R /MediaBox [0 0 \(pageWidth) \(pageHeight)] \
                /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(page + 1) 0 R >>
                """)
            let content = pageContent(
                title: title, lines: lines, pageNumber: index + 1, pageCount: pageLines.count)
            writer.addStream(Array(content.utf8))
        }
        return writer.finish(root: catalog, info: info)
    }

    /// The content stream of one page: title, lines, footer.
    static func pageContent(title: String, lines: [String], pageNumber: Int, pageCount: Int) -> String {
        var stream = "BT\n"
        stream += PDFText.showLine(title, size: 20, x: 72, y: pageHeight - 90)
        var y = pageHeight - 130
        for line in lines {
            if !line.isEmpty {
                stream += PDFText.showLine(line, size: 12, x: 72, y: y)
            }
            y -= 20
        }
        stream += PDFText.showLine("Page \(pageNumber) of \(pageCount)", size: 9, x: 72, y: 40)
        stream += "ET\n"
        return stream
    }
}
