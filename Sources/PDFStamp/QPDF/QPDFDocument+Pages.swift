import CQPDF

extension QPDFDocument {
    /// The geometry of every page: media box, crop box and rotation, each the page's own or inherited.
    func pageGeometries() throws(PDFStampError) -> [PageGeometry] {
        let count = try pageCount()
        var geometries: [PageGeometry] = []
        geometries.reserveCapacity(count)
        for index in 0..<count {
            let page = qpdf_get_page_n(qpdf, index)
            let rotate = attribute(page, "/Rotate").flatMap { value in
                qpdf_oh_is_integer(qpdf, value) != 0 ? Int(qpdf_oh_get_int_value_as_int(qpdf, value)) : nil
            }
            geometries.append(
                PageGeometry(
                    mediaBox: rectangle(attribute(page, "/MediaBox")), cropBox: rectangle(attribute(page, "/CropBox")),
                    rotate: rotate ?? 0))
            qpdf_oh_release_all(qpdf)  // handles accumulate until released: keep a 1,000-page walk small
            try check()
        }
        return geometries
    }

    /// The value of `key` on the page or, as for the inheritable attributes, on its nearest ancestor that has it.
    private func attribute(_ page: qpdf_oh, _ key: String) -> qpdf_oh? {
        var node = page
        for _ in 0..<64 {  // a bound, against a page tree that loops
            guard qpdf_oh_is_dictionary(qpdf, node) != 0 else { return nil }
            if qpdf_oh_has_key(qpdf, node, key) != 0 {
                let value = qpdf_oh_get_key(qpdf, node, key)
                if qpdf_oh_is_null(qpdf, value) == 0 { return value }
            }
            node = qpdf_oh_get_key(qpdf, node, "/Parent")
        }
        return nil
    }

    private func rectangle(_ value: qpdf_oh?) -> [Double]? {
        guard let value, qpdf_oh_is_array(qpdf, value) != 0, qpdf_oh_get_array_n_items(qpdf, value) == 4 else {
            return nil
        }
        var numbers: [Double] = []
        for index in 0..<Int32(4) {
            let item = qpdf_oh_get_array_item(qpdf, value, index)
            guard qpdf_oh_is_number(qpdf, item) != 0 else { return nil }
            numbers.append(qpdf_oh_get_numeric_value(qpdf, item))
        }
        return numbers
    }
}
