import CHarfBuzz

/// A TrueType font program holding only some glyphs of a face, made by HarfBuzz's `hb-subset`, with the new glyph id
/// of each kept glyph (glyphs are renumbered from 1 in the order of the old ids; 0 stays `.notdef`).
struct FontSubset {
    /// The `sfnt` bytes for `/FontFile2`.
    let program: [UInt8]
    /// Old glyph id → new glyph id, for every kept glyph.
    let newGlyphs: [UInt32: UInt32]

    /// Tables a PDF viewer never reads from an embedded TrueType font (it positions glyphs itself, by the PDF's
    /// widths): dropping them keeps the subset small.
    private static let droppedTables = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "morx", "kern", "DSIG", "vhea", "vmtx"]

    init(of face: FontFace, glyphs: Set<UInt32>) throws(PDFStampError) {
        guard let input = hb_subset_input_create_or_fail() else {
            throw PDFStampError(.internal, "hb-subset: out of memory")
        }
        defer { hb_subset_input_destroy(input) }
        let glyphSet = hb_subset_input_glyph_set(input)
        for glyph in glyphs.sorted() { hb_set_add(glyphSet, glyph) }
        let dropSet = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for table in Self.droppedTables {
            hb_set_add(dropSet, table.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        // Hinting is for rasterising small sizes on screens of the 2000s; without it the subset is smaller.
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING.rawValue)

        guard let plan = hb_subset_plan_create_or_fail(face.face, input) else {
            throw PDFStampError(.internal, "hb-subset could not plan a subset of the font")
        }
        defer { hb_subset_plan_destroy(plan) }
        let mapping = hb_subset_plan_old_to_new_glyph_mapping(plan)
        var newGlyphs: [UInt32: UInt32] = [:]
        for glyph in glyphs {
            let new = hb_map_get(mapping, glyph)
            if new != UInt32.max { newGlyphs[glyph] = new }  // HB_MAP_VALUE_INVALID
        }
        guard let subsetFace = hb_subset_plan_execute_or_fail(plan) else {
            throw PDFStampError(.internal, "hb-subset could not make a subset of the font")
        }
        defer { hb_face_destroy(subsetFace) }
        let blob = hb_face_reference_blob(subsetFace)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length > 0 else {
            throw PDFStampError(.internal, "hb-subset made an empty font")
        }
        self.program = data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
        self.newGlyphs = newGlyphs
    }
}
