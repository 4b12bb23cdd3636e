/// The font of one generated PDF file: every character its pages show gets a CID (1, 2, … in code point order), and
/// the file carries a subset of the face with just their glyphs as a `Type0` font with a `CIDFontType2` descendant
/// (PDF 32000-1:2008 §9.7): `Identity-H` encoding (two-byte CIDs in strings), a `CIDToGIDMap` stream (CID → glyph of
/// the subset), a `/W` array of widths and a `ToUnicode` CMap (CID → the character), so the text searches and copies.
///
/// CIDs are per character rather than per glyph so that characters drawn with the same fallback glyph `?` still
/// copy as themselves.
struct EmbeddedFont {
    struct Character: Equatable {
        var scalar: Unicode.Scalar
        var cid: Int
        var drawn: FontFace.DrawnGlyph
    }

    let characters: [Character]
    private let cids: [Unicode.Scalar: Int]
    private let face: FontFace

    /// A font for pages showing `texts`.
    init(face: FontFace, texts: some Sequence<String>) throws(PDFStampError) {
        var scalars = Set<Unicode.Scalar>()
        for text in texts { scalars.formUnion(text.unicodeScalars) }
        guard scalars.count < 0xFFFF else {
            throw PDFStampError(.invalidRequest, "the cover and watermark use more than 65,534 different characters")
        }
        self.characters = scalars.sorted { $0.value < $1.value }.enumerated().map { index, scalar in
            Character(scalar: scalar, cid: index + 1, drawn: face.drawnGlyph(for: scalar))
        }
        self.cids = Dictionary(uniqueKeysWithValues: characters.map { ($0.scalar, $0.cid) })
        self.face = face
    }

    /// `text` as a hexadecimal string of two-byte CIDs, for `Tj`.
    func encode(_ text: String) -> String {
        var result = "<"
        for scalar in text.unicodeScalars {
            result += PDFSyntax.hex(UInt16(cids[scalar] ?? 0))
        }
        return result + ">"
    }

    /// Six capital letters naming this subset (`ABCDEF+Name`, PDF 32000-1:2008 §9.6.4), from the characters and
    /// glyphs it holds: the same text gives the same tag, so the same request makes the same bytes.
    var subsetTag: String {
        var hash = FNV1a()
        for character in characters {
            hash.add(character.scalar.value)
            hash.add(character.drawn.glyph)
        }
        var value = hash.value
        var tag = ""
        for _ in 0..<6 {
            tag.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(value % 26)))
            value /= 26
        }
        return tag
    }

    /// Writes the font's objects and returns the number of the `Type0` font dictionary.
    func write(into writer: inout PDFWriter) throws(PDFStampError) -> Int {
        let subset = try FontSubset(of: face, glyphs: Set(characters.map(\.drawn.glyph)))
        let name = "/" + subsetTag + "+" + face.postScriptName
        let metrics = face.metrics

        let fontFile = writer.addStream(subset.program, dictionary: "/Length1 \(subset.program.count)")
        // CIDToGIDMap: two bytes per CID from 0, the subset's glyph id (§9.7.4.2); CID 0 is .notdef.
        var cidToGID: [UInt8] = [0, 0]
        for character in characters {
            let glyph = subset.newGlyphs[character.drawn.glyph] ?? 0
            cidToGID += [UInt8(glyph >> 8 & 0xFF), UInt8(glyph & 0xFF)]
        }
        let cidToGIDMap = writer.addStream(cidToGID)
        let toUnicode = writer.addStream(Array(toUnicodeCMap.utf8))

        let scaled = { (value: Int) in String(face.thousandths(value)) }
        let descriptor = writer.add(
            "<< /Type /FontDescriptor /FontName \(name) /Flags 4 /FontBBox ["
                + metrics.boundingBox.map(scaled).joined(separator: " ")
                + "] /ItalicAngle 0 /Ascent \(scaled(metrics.ascender)) /Descent \(scaled(metrics.descender))"
                + " /CapHeight \(scaled(metrics.capHeight)) /StemV 80 /FontFile2 \(fontFile) 0 R >>")
        let widths = characters.map { String($0.drawn.width) }.joined(separator: " ")
        let cidFont = writer.add(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont \(name)"
                + " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                + " /FontDescriptor \(descriptor) 0 R /DW 1000 /W [1 [\(widths)]] /CIDToGIDMap \(cidToGIDMap) 0 R >>")
        return writer.add(
            "<< /Type /Font /Subtype /Type0 /BaseFont \(name) /Encoding /Identity-H"
                + " /DescendantFonts [\(cidFont) 0 R] /ToUnicode \(toUnicode) 0 R >>")
    }

    /// The ToUnicode CMap (§9.10.3): each CID to its character in UTF-16BE (a surrogate pair beyond the BMP).
    var toUnicodeCMap: String {
        var cmap = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        // At most 100 entries per bfchar block (PostScript CMap limit).
        var start = 0
        while start < characters.count {
            let block = characters[start..<min(start + 100, characters.count)]
            cmap += "\(block.count) beginbfchar\n"
            for character in block {
                let units = String(character.scalar).utf16.map(PDFSyntax.hex).joined()
                cmap += "<\(PDFSyntax.hex(UInt16(character.cid)))> <\(units)>\n"
            }
            cmap += "endbfchar\n"
            start += 100
        }
        cmap += """
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end

            """
        return cmap
    }
}

/// 64-bit FNV-1a, for names that must not change between runs (Swift's `Hasher` is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            value ^= UInt64(word >> UInt32(shift) & 0xFF)
            value &*= 0x100_0000_01b3
        }
    }
}
