import DemoContent
import Foundation
import Testing

@Suite("DemoPDF")
struct DemoPDFTests {
    static func write(_ bytes: [UInt8]) throws -> (URL, URL) {
        let directory = try ToolRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("demo.pdf")
        try Data(bytes).write(to: file)
        return (directory, file)
    }

    @Test func popplerReadsTheDefaultDocument() throws {
        let (directory, file) = try Self.write(DemoPDF.makeDefault())
        defer { try? FileManager.default.removeItem(at: directory) }

        let info = try ToolRunner.run("pdfinfo", [file.path])
        #expect(info.status == 0)
        #expect(info.stderr.isEmpty, "poppler complained: \(info.stderr)")
        #expect(info.stdout.contains("Pages:           3"))
        #expect(info.stdout.contains("Title:           黑龙江省地方文献 Heilongjiang Local Documents"))
        #expect(info.stdout.contains("Page size:       595 x 842 pts (A4)"))

        let text = try ToolRunner.run("pdftotext", ["-layout", file.path, "-"])
        #expect(text.status == 0)
        #expect(text.stderr.isEmpty, "poppler complained: \(text.stderr)")
        for line in [
            "Overview of Heilongjiang Provincial Local Documents", "Principal Collections", "Use and Delivery",
            "Please respect copyright: for personal study and research only.", "Page 3 of 3",
        ] {
            #expect(text.stdout.contains(line), "missing '\(line)'")
        }
        // Chinese comes back through the UniGB-UCS2-H CMap (poppler-data).
        let chinese = ["黑龙江省地方文献概述", "哈尔滨老报纸：记录城市一百多年的变迁。", "《黑龙江志稿》"]
        for line in chinese {
            #expect(text.stdout.contains(line), "missing '\(line)'")
        }
        // Pages are separated by form feeds, in order.
        let pages = text.stdout.split(separator: "\u{0C}", omittingEmptySubsequences: true)
        #expect(pages.count >= 3)
        #expect(pages.first?.contains("Page 1 of 3") == true)
    }

    @Test("page count", arguments: [0, 1, 2, 7])
    func pageCount(_ count: Int) throws {
        let pages = (0..<count).map { ["Line on page \($0 + 1)", "第\($0 + 1)页"] }
        let (directory, file) = try Self.write(DemoPDF.make(title: "Count", pages: pages))
        defer { try? FileManager.default.removeItem(at: directory) }
        let info = try ToolRunner.run("pdfinfo", [file.path])
        #expect(info.stderr.isEmpty, "poppler complained: \(info.stderr)")
        #expect(info.stdout.contains("Pages:           \(max(1, count))\n"))
        if count > 0 {
            let text = try ToolRunner.run("pdftotext", ["-f", "\(count)", "-l", "\(count)", file.path, "-"])
            #expect(text.stdout.contains("Line on page \(count)"))
            #expect(!text.stdout.contains("Line on page 1\n") || count == 1)
        }
    }

    @Test func specialCharactersAreEscaped() throws {
        let line = "Parentheses (like these) and a backslash \\ survive"
        let (directory, file) = try Self.write(DemoPDF.make(title: "A (tricky) title", pages: [[line]]))
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try ToolRunner.run("pdftotext", [file.path, "-"])
        #expect(text.stderr.isEmpty, "poppler complained: \(text.stderr)")
        #expect(text.stdout.contains(line))
        let info = try ToolRunner.run("pdfinfo", [file.path])
        #expect(info.stdout.contains("Title:           A (tricky) title"))
    }

    /// Every xref entry points at its object's `N 0 obj` line, and startxref points at `xref`.
    @Test("xref offsets", arguments: [0, 1, 3])
    func xrefOffsets(_ pageCount: Int) throws {
        let pages = pageCount == 3 ? DemoPDF.defaultPages : (0..<pageCount).map { ["p\($0)", "页\($0)"] }
        let bytes = DemoPDF.make(title: DemoPDF.defaultTitle, pages: pages)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.hasSuffix("%%EOF\n"))

        let startxrefLine = try #require(text.range(of: "startxref\n", options: .backwards))
        let afterStart = text[startxrefLine.upperBound...]
        let xrefOffset = try #require(Int(afterStart.prefix { $0.isNumber }))
        let xrefSection = bytes[xrefOffset...]
        #expect(xrefSection.starts(with: Array("xref\n0 ".utf8)))

        let lines = String(decoding: xrefSection, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[1].split(separator: " ")
        let size = try #require(Int(header[1]))
        #expect(size == 7 + 2 * max(1, pageCount) + 1)
        #expect(lines[2] == "0000000000 65535 f ")
        for objectNumber in 1..<size {
            let entry = lines[2 + objectNumber]
            #expect(entry.utf8.count == 19)  // plus "\n": 20 bytes
            #expect(entry.hasSuffix(" 00000 n "))
            let offset = try #require(Int(entry.prefix(10)))
            let expected = Array("\(objectNumber) 0 obj\n".utf8)
            #expect(Array(bytes[offset..<(offset + expected.count)]) == expected, "object \(objectNumber)")
        }
        #expect(text.contains("trailer\n<< /Size \(size) /Root 1 0 R /Info 7 0 R >>"))
    }

    @Test func streamLengthsAreExact() throws {
        // Work on bytes: the binary comment in line 2 is not UTF-8, so String offsets would drift.
        let bytes = DemoPDF.makeDefault()
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle.utf8)
            var index = start
            while index + pattern.count <= bytes.count {
                if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
                index += 1
            }
            return nil
        }
        var searchStart = 0
        var streams = 0
        while let lengthKey = find("<< /Length ", from: searchStart) {
            let digitsStart = lengthKey + "<< /Length ".utf8.count
            let digits = bytes[digitsStart...].prefix { $0 >= 0x30 && $0 <= 0x39 }
            let length = try #require(Int(String(decoding: digits, as: UTF8.self)))
            let streamKeyword = try #require(find(">>\nstream\n", from: digitsStart))
            let dataStart = streamKeyword + ">>\nstream\n".utf8.count
            let after = Array(bytes[(dataStart + length)..<(dataStart + length + 10)])
            #expect(after == Array("\nendstream".utf8))
            streams += 1
            searchStart = dataStart + length
        }
        #expect(streams == 3)
    }

    @Test func deterministic() {
        #expect(DemoPDF.makeDefault() == DemoPDF.makeDefault())
    }
}
