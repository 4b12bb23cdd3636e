import Foundation
import PDFStamp
import Testing

/// Originals that are encrypted, damaged or not PDFs at all: a clear error or a repaired copy, never a partial file.
@Suite("Bad input", .serialized)
struct BadInputTests {
    /// The error `body` throws, failing the test if it throws none or another kind.
    func stampError(_ body: () throws -> Void) -> PDFStampError? {
        do {
            try body()
            Issue.record("expected a PDFStampError")
        } catch let error as PDFStampError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    /// Nothing but the inputs is left in the directory: no output, no temporary file, no work files.
    func expectNothingLeft(_ scratch: Scratch, besides inputs: [String]) throws {
        #expect(try scratch.contents() == inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted())
    }

    @Test func aUserPasswordIsRefused() throws {
        let scratch = try Scratch()
        let plain = try scratch.write(SamplePDF.make(SamplePDF.mixed), "plain.pdf")
        let locked = scratch.file("locked.pdf")
        try Tool.run("qpdf", ["--encrypt", "user", "owner", "256", "--", plain, locked])
        let error = stampError { _ = try Fixture.stamp(locked, in: scratch) }
        #expect(error?.code == .encrypted)
        #expect(error?.message.contains("password") == true, "\(String(describing: error))")
        #expect(error?.isUnprocessableInput == true)
        try expectNothingLeft(scratch, besides: [plain, locked])
    }

    @Test func anOwnerPasswordOnlyIsStampedWithoutEncryption() throws {
        let scratch = try Scratch()
        let plain = try scratch.write(SamplePDF.make(SamplePDF.mixed), "plain.pdf")
        let restricted = scratch.file("restricted.pdf")
        try Tool.run("qpdf", ["--encrypt", "", "owner", "256", "--print=none", "--extract=n", "--", plain, restricted])
        #expect(try Tool.run("qpdf", ["--is-encrypted", restricted]).status == 0)

        let (output, result) = try Fixture.stamp(restricted, in: scratch)
        #expect(result.removedOwnerPassword)
        #expect(result.pages == 6)
        #expect(try Tool.run("qpdf", ["--check", output]).status == 0)
        #expect(try Tool.run("qpdf", ["--is-encrypted", output]).status == 2)  // 2: not encrypted
        #expect(try Fixture.text(output, page: 2).contains(Fixture.watermark))
        // Deterministic too.
        let again = try Fixture.stamp(restricted, in: scratch, name: "again.pdf")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: again.path)))
    }

    /// The last 30 % cut off: qpdf rebuilds the cross-reference table from what is left. Either the copy is made
    /// from what could be recovered and passes qpdf --check, or the file is refused as damaged.
    @Test("a truncated file is repaired or refused", arguments: [0.7, 0.4])
    func truncated(keeping fraction: Double) throws {
        let scratch = try Scratch()
        let whole = SamplePDF.make(SamplePDF.mixed + [SamplePDF.Page(text: "Scan", image: (width: 200, height: 280))])
        let cut = try scratch.write(Array(whole.prefix(Int(Double(whole.count) * fraction))), "cut.pdf")
        do {
            let (output, result) = try Fixture.stamp(cut, in: scratch)
            #expect(!result.warnings.isEmpty, "qpdf repaired the file without a warning?")
            let check = try Tool.run("qpdf", ["--check", output])
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            #expect(try Fixture.pageCount(output) == result.pages)
        } catch let error as PDFStampError {
            #expect(error.code == .damaged, "\(error)")
            try expectNothingLeft(scratch, besides: [cut])
        }
    }

    /// Forty bytes of junk inserted after the header: every offset in the cross-reference table is wrong, the
    /// trailer is intact. qpdf rebuilds the table by scanning the file and the copy is made, with warnings.
    @Test func wrongOffsetsAreRepaired() throws {
        let scratch = try Scratch()
        var bytes = SamplePDF.make(SamplePDF.mixed)
        bytes.insert(contentsOf: Array("% forty bytes of junk shift every offset\n".utf8), at: 15)
        let shifted = try scratch.write(bytes, "shifted.pdf")
        let (output, result) = try Fixture.stamp(shifted, in: scratch)
        #expect(result.warnings.contains { $0.contains("reconstruct") }, "\(result.warnings)")
        #expect(result.pages == 6)
        let check = try Tool.run("qpdf", ["--check", output])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(try Fixture.text(output, page: 6).contains(Fixture.watermark))
    }

    @Test func garbageAfterTheHeaderIsDamaged() throws {
        let scratch = try Scratch()
        let file = try scratch.write(Array("%PDF-1.7\nthis is not a PDF body at all\n".utf8), "garbage.pdf")
        let error = stampError { _ = try Fixture.stamp(file, in: scratch) }
        #expect(error?.code == .damaged, "\(String(describing: error))")
        try expectNothingLeft(scratch, besides: [file])
    }

    @Test("something that is not a PDF", arguments: ["Dear reader,\nthis is a letter.\n", ""])
    func notAPDF(content: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write(Array(content.utf8), "letter.pdf")
        let error = stampError { _ = try Fixture.stamp(file, in: scratch) }
        #expect(error?.code == .notPDF)
        try expectNothingLeft(scratch, besides: [file])
    }

    @Test func aMissingFileIsAnIOError() throws {
        let scratch = try Scratch()
        let error = stampError { _ = try Fixture.stamp(scratch.file("nowhere.pdf"), in: scratch) }
        #expect(error?.code == .io)
        #expect(error?.isUnprocessableInput == false)
    }

    @Test func aRequestForNothingIsRefused() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")
        #expect(stampError { _ = try Fixture.stamp(input, StampRequest(), in: scratch) }?.code == .invalidRequest)
        #expect(
            stampError { _ = try Fixture.stamp(input, StampRequest(watermark: " \n "), in: scratch) }?.code
                == .invalidRequest)
        try expectNothingLeft(scratch, besides: [input])
    }

    @Test func aMissingFontIsReported() throws {
        let scratch = try Scratch()
        let input = try scratch.write(SamplePDF.make(SamplePDF.mixed), "original.pdf")
        let request = StampRequest(watermark: "x", font: StampFont(path: scratch.file("no-font.ttf")))
        let error = stampError { _ = try Fixture.stamp(input, request, in: scratch) }
        #expect(error?.code == .internal)
        #expect(error?.message.contains("no-font.ttf") == true)
    }
}
