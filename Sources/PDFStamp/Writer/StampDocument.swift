/// A PDF file of laid-out pages with the subset of the font their text needs: the cover's pages, then the watermark
/// pages, each of those drawn in a form XObject `/W` of its size (the page only says `/W Do`) ready to be laid over
/// a page of the original. One file, so the stamped copy carries one subset of the font for both.
enum StampDocument {
    static func make(_ pages: [LaidOutPage], formPages: [LaidOutPage] = [], face: FontFace) throws(PDFStampError)
        -> [UInt8]
    {
        let font = try EmbeddedFont(face: face, texts: (pages + formPages).flatMap { $0.texts.map(\.text) })
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pageTree = writer.reserve()
        let fontObject = try font.write(into: &writer)
        let fontResources = "<< /Font << /F1 \(fontObject) 0 R >> >>"
        var kids: [Int] = []
        for (index, page) in (pages + formPages).enumerated() {
            let size = "0 0 \(PDFSyntax.number(page.width)) \(PDFSyntax.number(page.height))"
            let drawing = PDFContentStream(page: page, font: font).bytes
            let contents: Int
            let resources: String
            if index >= pages.count {
                let form = writer.addStream(
                    drawing, dictionary: "/Type /XObject /Subtype /Form /BBox [\(size)] /Resources \(fontResources)")
                contents = writer.addStream(Array("/W Do\n".utf8))
                resources = "<< /XObject << /W \(form) 0 R >> >>"
            } else {
                contents = writer.addStream(drawing)
                resources = fontResources
            }
            kids.append(
                writer.add(
                    "<< /Type /Page /Parent \(pageTree) 0 R /MediaBox [\(size)] /Resources \(resources)"
                        + " /Contents \(contents) 0 R >>"))
        }
        writer.set(
            pageTree,
            "<< /Type /Pages /Kids [" + kids.map { "\($0) 0 R" }.joined(separator: " ") + "] /Count \(kids.count) >>")
        writer.set(catalog, "<< /Type /Catalog /Pages \(pageTree) 0 R >>")
        return writer.finish(root: catalog)
    }
}
