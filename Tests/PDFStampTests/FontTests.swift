import Foundation
import Testing

@testable import PDFStamp

/// The embedded font: the subset, its names and maps, checked on the writer's own files.
@Suite("Embedded font")
struct FontTests {
    @Test func theWritersOwnFileHasAnEmbeddedSubsetWithToUnicode() throws {
        let scratch = try Scratch()
        let (bytes, _) = try CoverSample.make(Fixture.cover)
        let file = try scratch.write(bytes, "cover.pdf")
        let check = try Tool.run("qpdf", ["--check", file])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let fonts = try Tool.run("pdffonts", [file]).stdout
        #expect(fonts.contains(/[A-Z]{6}\+WenQuanYiMicroHei +CID TrueType +Identity-H +yes yes yes/), "\(fonts)")
        let text = try Fixture.text(file, page: 1)
        #expect(text.contains(Fixture.heading))
        #expect(text.contains("本复制件仅供上述读者个人学习、研究使用，不得转让、出售或公开传播。"))
        // A subset: a few dozen glyphs, not the 5 MB collection.
        #expect(bytes.count < 200_000, "\(bytes.count) bytes")
    }

    @Test func charactersMissingFromTheFontAreDrawnAsQuestionMarksButMapToThemselves() throws {
        let face = try FontFace(.wenQuanYiMicroHei)
        #expect(face.glyph(for: "王") != nil)
        #expect(face.glyph(for: "😀") == nil)
        #expect(face.drawnGlyph(for: "😀") == face.drawnGlyph(for: "?"))
        #expect(face.drawnGlyph(for: "\u{FE0F}").width == 0)  // a variation selector: nothing, zero wide

        let font = try EmbeddedFont(face: face, texts: ["王😀?"])
        #expect(font.characters.map(\.cid) == [1, 2, 3])
        #expect(font.encode("?王😀") == "<000100020003>")
        #expect(font.toUnicodeCMap.contains("<0003> <D83DDE00>"))
        #expect(font.toUnicodeCMap.contains("<0002> <738B>"))
    }

    @Test func theSubsetTagDependsOnlyOnTheText() throws {
        let face = try FontFace(.wenQuanYiMicroHei)
        let a = try EmbeddedFont(face: face, texts: ["王小明"]).subsetTag
        #expect(a == (try EmbeddedFont(face: face, texts: ["明小王"]).subsetTag))
        #expect(a != (try EmbeddedFont(face: face, texts: ["王小红"]).subsetTag))
        #expect(a.wholeMatch(of: /[A-Z]{6}/) != nil)
    }

    @Test func textIsComposedAndControlCharactersGo() {
        #expect(StampText.clean("Zoe\u{0308}\r\nline\ttwo\u{07}") == "Zoë\nline two")
        #expect(StampText.clean("a\r\nb\rc", keepLineBreaks: false) == "a b c")
    }
}
