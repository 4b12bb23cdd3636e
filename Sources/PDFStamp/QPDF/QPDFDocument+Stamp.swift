import CQPDF

/// An object's number and generation: handles are released page by page, objects are found again by these.
struct QPDFObjectID: Hashable {
    var number: Int32
    var generation: Int32
}

extension QPDFDocument {
    /// Copies the form XObject `/W` of each of `pages` of `watermark` (as ``StampDocument`` writes watermark pages)
    /// into this document, with the font they share (copied once), and returns the copies.
    func importForms(from watermark: QPDFDocument, pages: Range<Int>) throws(PDFStampError) -> [QPDFObjectID] {
        var forms: [QPDFObjectID] = []
        for index in pages {
            let page = qpdf_get_page_n(watermark.qpdf, index)
            let resources = qpdf_oh_get_key(watermark.qpdf, page, "/Resources")
            let form = qpdf_oh_get_key(watermark.qpdf, qpdf_oh_get_key(watermark.qpdf, resources, "/XObject"), "/W")
            guard qpdf_oh_is_stream(watermark.qpdf, form) != 0 else {
                throw PDFStampError(.internal, "the watermark page \(index + 1) has no form XObject /W")
            }
            let copy = qpdf_oh_copy_foreign_object(qpdf, watermark.qpdf, form)
            try watermark.check()
            try check()
            forms.append(id(of: copy))
        }
        return forms
    }

    /// Lays form `forms[formIndex[page]]` over each page, placed by `geometries[page].displayToUser`.
    ///
    /// The page's own content is wrapped in `q` … `Q` so nothing it leaves in the graphics state moves the
    /// watermark, and the watermark is drawn after it, on top. (qpdf's `--overlay` instead turns each page into a
    /// form XObject and places it again; libqpdf 11.3 shifts the page's content when the page is turned and its box
    /// does not start at 0,0, and the original must never move.) Pages that share a resource dictionary get the
    /// watermark's name in it, which the others simply do not use.
    func overlay(forms: [QPDFObjectID], formIndex: [Int], geometries: [PageGeometry]) throws(PDFStampError) {
        let opening = id(of: newStream("q\n"))
        var closings: [String: QPDFObjectID] = [:]
        for index in geometries.indices {
            defer { qpdf_oh_release_all(qpdf) }
            let page = qpdf_get_page_n(qpdf, index)
            let form = object(forms[formIndex[index]])

            var resources = qpdf_oh_get_key(qpdf, page, "/Resources")
            if qpdf_oh_is_dictionary(qpdf, resources) == 0 {
                resources = qpdf_oh_new_dictionary(qpdf)
                qpdf_oh_replace_key(qpdf, page, "/Resources", resources)
            }
            let xobjects = copyOfDictionary(qpdf_oh_get_key(qpdf, resources, "/XObject"))
            var name = "/PDFStampW\(formIndex[index] + 1)"
            while qpdf_oh_has_key(qpdf, xobjects, name) != 0,
                id(of: qpdf_oh_get_key(qpdf, xobjects, name)) != forms[formIndex[index]]
            {
                name += "x"
            }
            qpdf_oh_replace_key(qpdf, xobjects, name, form)
            qpdf_oh_replace_key(qpdf, resources, "/XObject", xobjects)

            let numbers = geometries[index].displayToUser.map { PDFSyntax.number($0, decimals: 4) }
            let matrix = numbers.joined(separator: " ")
            // The leading newline: streams of a page are read as one, and the page's last token must end first.
            let closing = "\nQ\nq \(matrix) cm \(name) Do Q\n"
            if closings[closing] == nil { closings[closing] = id(of: newStream(closing)) }

            let contents = qpdf_oh_get_key(qpdf, page, "/Contents")
            let array = qpdf_oh_new_array(qpdf)
            qpdf_oh_append_item(qpdf, array, object(opening))
            if qpdf_oh_is_stream(qpdf, contents) != 0 {
                qpdf_oh_append_item(qpdf, array, contents)
            } else if qpdf_oh_is_array(qpdf, contents) != 0 {
                for item in 0..<qpdf_oh_get_array_n_items(qpdf, contents) {
                    qpdf_oh_append_item(qpdf, array, qpdf_oh_get_array_item(qpdf, contents, item))
                }
            }
            qpdf_oh_append_item(qpdf, array, object(closings[closing]!))
            qpdf_oh_replace_key(qpdf, page, "/Contents", array)
            try check()
        }
    }

    /// Puts `pages` of `cover` in front of this document's pages, in order.
    func insertPagesInFront(of cover: QPDFDocument, pages: Range<Int>) throws(PDFStampError) {
        for index in pages.reversed() {
            let page = qpdf_get_page_n(cover.qpdf, index)
            if qpdf_add_page(qpdf, cover.qpdf, page, 1) & Self.errors != 0 { throw error() }
            try cover.check()
        }
        qpdf_oh_release_all(qpdf)
    }

    private func newStream(_ content: String) -> qpdf_oh {
        let stream = qpdf_oh_new_stream(qpdf)
        let bytes = Array(content.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            qpdf_oh_replace_stream_data(
                qpdf, stream, buffer.baseAddress, buffer.count, qpdf_oh_new_null(qpdf), qpdf_oh_new_null(qpdf))
        }
        return stream
    }

    /// A new direct dictionary with the entries of `dictionary` (none if it is not one).
    private func copyOfDictionary(_ dictionary: qpdf_oh) -> qpdf_oh {
        let copy = qpdf_oh_new_dictionary(qpdf)
        guard qpdf_oh_is_dictionary(qpdf, dictionary) != 0 else { return copy }
        var keys: [String] = []
        qpdf_oh_begin_dict_key_iter(qpdf, dictionary)
        while qpdf_oh_dict_more_keys(qpdf) != 0 {
            keys.append(String(cString: qpdf_oh_dict_next_key(qpdf)))
        }
        for key in keys {
            qpdf_oh_replace_key(qpdf, copy, key, qpdf_oh_get_key(qpdf, dictionary, key))
        }
        return copy
    }

    private func id(of object: qpdf_oh) -> QPDFObjectID {
        QPDFObjectID(number: qpdf_oh_get_object_id(qpdf, object), generation: qpdf_oh_get_generation(qpdf, object))
    }

    private func object(_ id: QPDFObjectID) -> qpdf_oh {
        qpdf_get_object_by_id(qpdf, id.number, id.generation)
    }
}
