import Testing

@testable import Delivery

@Suite struct PageLanguageTests {
    @Test(
        arguments: [
            (nil, PageLanguage.zh),
            ("", .zh),
            ("en-US,en;q=0.9,zh;q=0.5", .en),
            ("zh-CN,en;q=0.8", .zh),
            ("zh-CN,zh;q=0.9,en;q=0.8", .zh),
            ("en", .en),
            ("EN-gb", .en),
            ("en-GB;q=0.8, zh-TW;q=0.9", .zh),
            ("zh;q=0.5, en;q=0.6", .en),
            ("fr-FR,fr;q=0.9,en;q=0.8", .en),  // English is the only language offered that the reader accepts
            ("fr-FR,fr;q=0.9", .zh),  // neither: the default
            ("de, *;q=0.1", .zh),  // both only through *: equal, default
            ("*", .zh),
            ("*, en;q=0.5", .zh),  // Chinese through * at 1 beats English at 0.5
            ("zh;q=0, *", .en),  // Chinese explicitly refused
            ("en;q=0", .zh),
            ("en, zh", .en),  // equal weights: the first named wins
            ("zh, en", .zh),
            ("en;q=0.8, zh;q=0.800", .en),
            ("garbage", .zh),
            (";;;,,,", .zh),
            ("en;q=abc", .zh),  // malformed weight: the range is ignored
            ("en;q=1.5", .zh),
            ("en;q=0.1234", .zh),
            ("en;q=1.000", .en),
            ("en;q=1.001", .zh),
            ("en_US", .zh),  // underscore is not BCP 47
            ("  en-US ;  q=0.9 , zh ; q=0.3 ", .en),
            ("en-US,en;q=0.9,zh-CN;q=0.8,zh;q=0.7", .en),
            ("zh-Hant-TW, en;q=0.9", .zh),
            ("x-klingon, en;q=0.2", .en),
        ] as [(String?, PageLanguage)])
    func negotiation(header: String?, expected: PageLanguage) {
        #expect(PageLanguage.negotiate(acceptLanguage: header) == expected)
    }

    @Test func anExplicitChoiceWinsOverTheHeader() {
        #expect(PageLanguage.negotiate(acceptLanguage: "en-US,en", choice: "zh") == .zh)
        #expect(PageLanguage.negotiate(acceptLanguage: "zh-CN", choice: "en") == .en)
        #expect(PageLanguage.negotiate(acceptLanguage: "zh-CN", choice: "EN-gb") == .en)
        // A choice the gateway cannot honour falls back to the header.
        #expect(PageLanguage.negotiate(acceptLanguage: "en", choice: "fr") == .en)
        #expect(PageLanguage.negotiate(acceptLanguage: nil, choice: "<script>") == .zh)
    }

    @Test(arguments: [
        ("0", 0.0), ("1", 1.0), ("0.5", 0.5), ("0.123", 0.123), ("0.", 0.0), ("1.0", 1.0), ("1.000", 1.0),
    ])
    func qualityValues(text: String, value: Double) {
        #expect(PageLanguage.AcceptRange.qualityValue(Substring(text)) == value)
    }

    @Test(arguments: ["", "2", "0.1234", "1.5", "-0.5", ".5", "0,5", "1.01", "abc", "0.5x"])
    func malformedQualityValues(text: String) {
        #expect(PageLanguage.AcceptRange.qualityValue(Substring(text)) == nil)
    }

    @Test func aHugeHeaderIsReadOnlyAsFarAsTheLimit() {
        let header = Array(repeating: "fr", count: 10_000).joined(separator: ",") + ",en"
        #expect(PageLanguage.AcceptRange.parse(header).count == PageLanguage.AcceptRange.maximumRanges)
        #expect(PageLanguage.negotiate(acceptLanguage: header) == .zh)
    }

    @Test func htmlLanguageTags() {
        #expect(PageLanguage.zh.htmlLanguageTag == "zh-CN")
        #expect(PageLanguage.en.htmlLanguageTag == "en")
    }
}
