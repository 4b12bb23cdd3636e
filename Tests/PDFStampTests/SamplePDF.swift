@testable import PDFStamp

/// Originals for the tests, made on the spot: pages of Helvetica text with the shapes real files have — quarter
/// turns (`/Rotate`, also inherited from the page tree), boxes that do not start at 0,0, a crop box inside a larger
/// media box, a landscape page — and optionally a large image per page, like a scan.
enum SamplePDF {
    struct Page {
        var text: String
        var mediaBox: [Double] = [0, 0, 595, 842]
        var cropBox: [Double]? = nil
        var rotate: Int? = nil
        /// Put the page under an intermediate page-tree node carrying `/Rotate` (inherited).
        var inheritedRotate: Int? = nil
        /// Width and height of an 8-bit gray image filling the page (a scan).
        var image: (width: Int, height: Int)? = nil
        /// Put the page's resources on an intermediate page-tree node (inherited) instead of the page.
        var inheritedResources = false
        /// A blank page: no /Contents and no /Resources at all.
        var blank = false
    }

    /// Five pages, one of each shape.
    static let mixed: [Page] = [
        Page(text: "Original page 1 (A4)"),
        Page(text: "Original page 2 (Rotate 90)", rotate: 90),
        Page(text: "Page 3 odd box", mediaBox: [100, 200, 400, 500]),
        Page(
            text: "Original page 4 (landscape, crop box, Rotate 270)", mediaBox: [0, 0, 842, 595],
            cropBox: [20, 30, 800, 580], rotate: 270),
        Page(text: "Original page 5 (Letter, Rotate 180 inherited)", mediaBox: [0, 0, 612, 792], inheritedRotate: 180),
    ]

    static func make(_ pages: [Page]) -> [UInt8] {
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let root = writer.reserve()
        let font = writer.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        var kids: [Int] = []
        for page in pages {
            let intermediate = page.inheritedRotate != nil || page.inheritedResources
            let parent = intermediate ? writer.reserve() : root
            let box = page.cropBox ?? page.mediaBox
            var content = "BT /F1 14 Tf \(box[0] + 20) \(box[1] + (box[3] - box[1]) / 2) Td (\(page.text)) Tj ET\n"
            var xobjects = ""
            if let image = page.image {
                var pixels = [UInt8](repeating: 0, count: image.width * image.height)
                var state: UInt32 = 2_463_534_242
                for index in pixels.indices {
                    state ^= state << 13
                    state ^= state >> 17
                    state ^= state << 5
                    pixels[index] = 160 + UInt8(state & 0x3F)
                }
                let imageObject = writer.addStream(
                    pixels,
                    dictionary: "/Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height)"
                        + " /ColorSpace /DeviceGray /BitsPerComponent 8")
                xobjects = " /XObject << /Im1 \(imageObject) 0 R >>"
                let width = box[2] - box[0]
                let height = box[3] - box[1]
                content = "q \(width) 0 0 \(height) \(box[0]) \(box[1]) cm /Im1 Do Q\n" + content
            }
            let resources = "<< /Font << /F1 \(font) 0 R >>\(xobjects) >>"
            var dictionary = "<< /Type /Page /Parent \(parent) 0 R /MediaBox \(array(page.mediaBox))"
            if let cropBox = page.cropBox { dictionary += " /CropBox \(array(cropBox))" }
            if let rotate = page.rotate { dictionary += " /Rotate \(rotate)" }
            if !page.blank {
                if !page.inheritedResources { dictionary += " /Resources \(resources)" }
                dictionary += " /Contents \(writer.addStream(Array(content.utf8))) 0 R"
            }
            let pageObject = writer.add(dictionary + " >>")
            if intermediate {
                var node = "<< /Type /Pages /Parent \(root) 0 R /Kids [\(pageObject) 0 R] /Count 1"
                if let inherited = page.inheritedRotate { node += " /Rotate \(inherited)" }
                if page.inheritedResources { node += " /Resources \(resources)" }
                writer.set(parent, node + " >>")
                kids.append(parent)
            } else {
                kids.append(pageObject)
            }
        }
        writer.set(
            root, "<< /Type /Pages /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        writer.set(catalog, "<< /Type /Catalog /Pages \(root) 0 R >>")
        return writer.finish(root: catalog)
    }

    private static func array(_ numbers: [Double]) -> String {
        "[" + numbers.map { PDFSyntax.number($0) }.joined(separator: " ") + "]"
    }
}
