import CHarfBuzz

/// A TrueType face opened with HarfBuzz: glyphs for characters, their advances, and the metrics a PDF font
/// descriptor needs. The file is mapped, not read (HarfBuzz maps it), so opening WenQuanYi's 5 MB collection costs
/// little. Used by one stamping call at a time.
final class FontFace {
    /// `hb_face_t *`
    let face: OpaquePointer
    /// `hb_font_t *` at the face's own scale (font units).
    private let font: OpaquePointer
    let unitsPerEm: Int
    /// The PostScript name (name ID 6), letters, digits and `-` only, e.g. `WenQuanYiMicroHei`.
    let postScriptName: String

    init(_ source: StampFont) throws(PDFStampError) {
        guard let blob = hb_blob_create_from_file_or_fail(source.path) else {
            throw PDFStampError(
                .internal,
                "cannot read the font \(source.path): install the package that provides it (fonts-wqy-microhei)")
        }
        defer { hb_blob_destroy(blob) }
        let faceCount = Int(hb_face_count(blob))
        guard source.faceIndex >= 0, source.faceIndex < max(faceCount, 1) else {
            throw PDFStampError(
                .internal, "the font \(source.path) has \(faceCount) faces, not face \(source.faceIndex)")
        }
        let face = hb_face_create(blob, UInt32(source.faceIndex))!
        guard hb_face_get_glyph_count(face) > 1 else {
            hb_face_destroy(face)
            throw PDFStampError(.internal, "the font \(source.path) has no glyphs (is it a TrueType font?)")
        }
        self.face = face
        self.font = hb_font_create(face)
        self.unitsPerEm = Int(hb_face_get_upem(face))
        self.postScriptName = Self.postScriptName(face)
    }

    deinit {
        hb_font_destroy(font)
        hb_face_destroy(face)
    }

    /// The glyph the font's `cmap` gives `scalar`, nil when the font lacks it (glyph 0 is `.notdef`).
    func glyph(for scalar: Unicode.Scalar) -> UInt32? {
        var glyph: hb_codepoint_t = 0
        guard hb_font_get_nominal_glyph(font, scalar.value, &glyph) != 0, glyph != 0 else { return nil }
        return glyph
    }

    /// The horizontal advance of `glyph` in font units.
    func advance(of glyph: UInt32) -> Int {
        Int(hb_font_get_glyph_h_advance(font, glyph))
    }

    /// Font-wide metrics in font units, for the font descriptor.
    struct Metrics: Equatable {
        var ascender: Int
        var descender: Int
        var capHeight: Int
        /// xMin, yMin, xMax, yMax of the `head` table.
        var boundingBox: [Int]
    }

    var metrics: Metrics {
        func position(_ tag: hb_ot_metrics_tag_t, _ fallback: Int) -> Int {
            var value: hb_position_t = 0
            return hb_ot_metrics_get_position(font, tag, &value) != 0 ? Int(value) : fallback
        }
        let ascender = position(HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, unitsPerEm * 8 / 10)
        let descender = position(HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, -unitsPerEm * 2 / 10)
        let capHeight = position(HB_OT_METRICS_TAG_CAP_HEIGHT, ascender)
        return Metrics(
            ascender: ascender, descender: descender, capHeight: capHeight,
            boundingBox: headBoundingBox() ?? [0, descender, unitsPerEm, ascender])
    }

    /// xMin, yMin, xMax, yMax: four signed 16-bit numbers at byte 36 of the `head` table (OpenType spec, `head`).
    private func headBoundingBox() -> [Int]? {
        let tag: hb_tag_t = 0x6865_6164  // 'head'
        guard let table = hb_face_reference_table(face, tag) else { return nil }
        defer { hb_blob_destroy(table) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(table, &length), length >= 44 else { return nil }
        return (0..<4).map { index in
            let offset = 36 + 2 * index
            let high = UInt16(UInt8(bitPattern: data[offset]))
            let low = UInt16(UInt8(bitPattern: data[offset + 1]))
            return Int(Int16(bitPattern: high << 8 | low))
        }
    }

    private static func postScriptName(_ face: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        var size = UInt32(buffer.count)
        let postScriptNameID: hb_ot_name_id_t = 6  // HB_OT_NAME_ID_POSTSCRIPT_NAME
        _ = hb_ot_name_get_utf8(face, postScriptNameID, nil, &size, &buffer)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(
            String.UnicodeScalarView(
                name.unicodeScalars.filter {
                    ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                }))
        return cleaned.isEmpty ? "EmbeddedFont" : cleaned
    }
}
