import Foundation
import Testing

@testable import Delivery

@Suite struct LibraryDirectoryTests {
    /// The shipped `Config/libraries.yaml` of this checkout.
    static let shippedFile: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/DeliveryTests/<file> → package root
        return url.appendingPathComponent("Config/libraries.yaml").path
    }()

    static let policyLibraries = [
        "hlj-provincial", "harbin", "qiqihar", "mudanjiang", "jiamusi", "daqing", "jixi", "shuangyashan", "yichun",
        "qitaihe", "hegang",
    ]

    @Test func theShippedFileLoadsAndListsEveryLibraryOfThePolicies() throws {
        let directory = try LibraryDirectory.load(contentsOf: Self.shippedFile)
        for id in Self.policyLibraries + ["demo-library"] {
            #expect(directory.contains(id: id), "\(id) missing from Config/libraries.yaml")
        }
        let provincial = directory.library(id: "hlj-provincial")
        #expect(provincial.name.zh == "黑龙江省图书馆")
        #expect(provincial.name.en == "Heilongjiang Provincial Library")
        #expect(provincial.copyrightNotice.zh.contains("学习、研究"))
        #expect(provincial.contact?.email != nil)
        let harbin = directory.library(id: "harbin")
        #expect(harbin.name.zh == "哈尔滨市图书馆")
        // Members write no notice of their own: the file's default applies, not the built-in one.
        #expect(harbin.copyrightNotice == directory.defaultCopyrightNotice)
        #expect(harbin.copyrightNotice != LibraryInfo.genericCopyrightNotice)
        #expect(harbin.copyrightNotice.en.contains("private study or research"))
        #expect(harbin.contact?.phone == "0451-0000 0001")
        #expect(harbin.contact?.url == nil)
        let demo = directory.library(id: "demo-library")
        #expect(demo.contact?.url == "https://demo-library.example/document-delivery")
    }

    @Test func unknownLibrariesFallBackToTheirIDAndTheDefaultNotice() throws {
        let directory = try LibraryDirectory.parse(
            yaml: """
                default_copyright_notice: { zh: 仅供学习, en: Study only }
                libraries:
                  harbin:
                    name: { zh: 哈尔滨市图书馆, en: Harbin Library }
                """, file: "libraries.yaml")
        let unknown = directory.library(id: "suihua")
        #expect(unknown.id == "suihua")
        #expect(unknown.name == LibraryInfo.Text(zh: "suihua", en: "suihua"))
        #expect(unknown.copyrightNotice == LibraryInfo.Text(zh: "仅供学习", en: "Study only"))
        #expect(unknown.contact == nil)
        #expect(!directory.contains(id: "suihua"))
        #expect(directory.ids == ["harbin"])
        #expect(LibraryDirectory().library(id: "x").copyrightNotice == LibraryInfo.genericCopyrightNotice)
    }

    @Test func anEmptyContactMeansNoContact() throws {
        let directory = try LibraryDirectory.parse(
            yaml: "libraries:\n  jixi:\n    name: { zh: 鸡西市图书馆, en: Jixi Library }\n    contact:\n", file: "f.yaml")
        #expect(directory.library(id: "jixi").contact == nil)
    }

    @Test(arguments: [
        // unknown key, with a suggestion, at the key's position
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n    contact: { emial: a@b.cn }\n",
            "libraries.yaml:4:16: unknown key 'emial' in contact of 'harbin' (did you mean 'email'?)"
        ),
        (
            "libraries:\n  harbin:\n    nmae: { zh: 哈, en: H }\n",
            "libraries.yaml:3:5: unknown key 'nmae' in library 'harbin' (did you mean 'name'?)"
        ),
        (
            "librarys:\n  harbin: {}\n",
            "libraries.yaml:1:1: unknown key 'librarys' in the file (did you mean 'libraries'?)"
        ),
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n    colour: red\n",
            "libraries.yaml:4:5: unknown key 'colour' in library 'harbin' (allowed: name, copyright_notice, contact, language)"
        ),
        // missing and malformed values
        (
            "libraries:\n  harbin:\n    name: { zh: 哈尔滨市图书馆 }\n",
            "libraries.yaml:3:11: name of 'harbin' needs a 'en' text (both 'zh' and 'en' are shown to patrons)"
        ),
        (
            "libraries:\n  harbin:\n    contact: { email: a@b.cn }\n",
            "libraries.yaml:2:3: library 'harbin' needs a 'name' with 'zh' and 'en', e.g. name: { zh: 哈尔滨市图书馆, en: Harbin Library }"
        ),
        (
            "libraries:\n  harbin:\n    name: Harbin\n",
            "libraries.yaml:3:11: name of 'harbin' must be a mapping with 'zh' and 'en' texts, found 'Harbin'"
        ),
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n    contact: { email: not-an-address }\n",
            "libraries.yaml:4:23: contact of 'harbin': 'not-an-address' is not an e-mail address such as ill@library.example.cn"
        ),
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n    contact: { url: \"javascript:alert(1)\" }\n",
            "libraries.yaml:4:21: contact of 'harbin': 'javascript:alert(1)' is not a web address; write it in full, starting with https:// or http://"
        ),
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n    contact: { phone: call us }\n",
            "libraries.yaml:4:23: contact of 'harbin': 'call us' is not a telephone number; write digits with optional '+', spaces, '-' and parentheses, such as 0451-85990000"
        ),
        (
            "libraries:\n  \"bad id\":\n    name: { zh: 哈, en: H }\n",
            "libraries.yaml:2:3: a library id has 1 to 64 letters, digits, '-', '_' or '.', as in the policy files (e.g. 'harbin'), found 'bad id'"
        ),
        (
            "libraries: [harbin, qiqihar]\n",
            "libraries.yaml:1:12: 'libraries' must be a mapping of library ids (such as 'harbin:') to their settings, found a list"
        ),
        (
            "default_copyright_notice: { zh: \"\", en: x }\nlibraries:\n",
            "libraries.yaml:1:33: default_copyright_notice: 'zh' must be a non-empty text, found an empty text"
        ),
        (
            "# nothing here\n",
            "libraries.yaml:1:1: the file is empty; it needs a 'libraries:' mapping of library ids to their names and notices"
        ),
        // YAML syntax
        (
            "libraries:\n  harbin:\n    name: { zh: 哈, en: H\n",
            "libraries.yaml:4:1: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping at 3:11)"
        ),
        (
            "libraries:\n  harbin:\n\tname: x\n",
            "libraries.yaml:3:1: YAML syntax error: found character that cannot start any token (while scanning for the next token at 3:1); indent with spaces, not tabs"
        ),
    ])
    func mistakesAreReportedWithFileLineAndColumn(yaml: String, expected: String) {
        #expect(throws: LibraryDirectoryError.self) {
            try LibraryDirectory.parse(yaml: yaml, file: "libraries.yaml")
        }
        do {
            _ = try LibraryDirectory.parse(yaml: yaml, file: "libraries.yaml")
        } catch {
            #expect(error.diagnostics.contains(expected), "got: \(error.diagnostics)")
            #expect(!error.isUnreadable)
        }
    }

    @Test func everyMistakeIsReportedNotOnlyTheFirst() throws {
        let yaml = """
            libraries:
              harbin:
                name: { zh: 哈尔滨市图书馆, en: Harbin Library }
                contact: { emial: ill@harbin.example }
              qiqihar:
                name: { zh: 齐齐哈尔市图书馆 }
            """
        let error = try #require(throws: LibraryDirectoryError.self) {
            try LibraryDirectory.parse(yaml: yaml, file: "Config/libraries.yaml")
        }
        #expect(error.diagnostics.count == 2)
        #expect(error.diagnostics.allSatisfy { $0.hasPrefix("Config/libraries.yaml:") })
        #expect(error.description.split(separator: "\n").count == 2)
    }

    @Test func aBrokenFileOnDiskIsReportedWithItsPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("libdir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The shipped file with one key misspelt, as an administrator might leave it.
        let shipped = try String(contentsOfFile: LibraryDirectoryTests.shippedFile, encoding: .utf8)
        let broken = shipped.replacingOccurrences(of: "  qiqihar:\n    name:", with: "  qiqihar:\n    names:")
        #expect(broken != shipped)
        let path = directory.appendingPathComponent("libraries.yaml").path
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        let line =
            broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0 == "    names: { zh: 齐齐哈尔市图书馆, en: Qiqihar Library }"
            }! + 1
        let error = try #require(throws: LibraryDirectoryError.self) { try LibraryDirectory.load(contentsOf: path) }
        #expect(
            error.diagnostics.contains(
                "\(path):\(line):5: unknown key 'names' in library 'qiqihar' (did you mean 'name'?)"))
    }

    @Test func aMissingFileSaysSo() throws {
        let error = try #require(throws: LibraryDirectoryError.self) {
            try LibraryDirectory.load(contentsOf: "/nonexistent/libraries.yaml")
        }
        #expect(error.isUnreadable)
        #expect(
            error.description.hasPrefix("/nonexistent/libraries.yaml: cannot read the library directory (no such file)")
        )
    }

    @Test func duplicateLibrariesAreRefused() throws {
        let yaml = "libraries:\n  harbin:\n    name: { zh: 哈, en: H }\n  harbin:\n    name: { zh: 哈, en: H }\n"
        let error = try #require(throws: LibraryDirectoryError.self) {
            try LibraryDirectory.parse(yaml: yaml, file: "f.yaml")
        }
        #expect(error.description.contains("'harbin' appears more than once"))
        #expect(error.description.hasPrefix("f.yaml:"))
    }
}
