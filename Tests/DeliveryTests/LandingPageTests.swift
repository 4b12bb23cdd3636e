import Foundation
import Testing

@testable import Delivery

@Suite struct LandingPageTests {
    static let provincial = LibraryInfo(
        id: "hlj-provincial", name: .init(zh: "黑龙江省图书馆", en: "Heilongjiang Provincial Library"),
        copyrightNotice: .init(
            zh: "仅供个人学习、研究使用。\n\n请勿转发。", en: "For private study or research only.\n\nDo not pass it on."),
        contact: .init(
            email: "ill@hlj-provincial.example", phone: "0451-0000 0000", url: "https://hlj-provincial.example/ill"))
    static let harbin = LibraryInfo(
        id: "harbin", name: .init(zh: "哈尔滨市图书馆", en: "Harbin Library"),
        copyrightNotice: .init(zh: "哈尔滨市图书馆版权声明", en: "Harbin Library copyright notice"),
        contact: .init(email: "ill@harbin-library.example"))
    /// 2025-07-01 10:05:00 UTC = 18:05 in Asia/Shanghai.
    static let expiry = Date(timeIntervalSince1970: 1_751_364_300)

    static func view(
        _ kind: LandingPageView.MediaKind, contentType: String = "application/pdf", title: String = "黑龙江地方文献选编",
        renditions: [LandingPageView.Rendition] = [], delivering: LibraryInfo? = nil
    ) -> LandingPageView {
        LandingPageView(
            title: title, owningLibrary: provincial, deliveringLibrary: delivering, mediaKind: kind,
            contentType: contentType, fileName: "黑龙江地方文献选编.pdf", size: 1_234_567, expiresAt: expiry,
            downloadsLeft: 3, maxDownloads: 5, contentURL: "/d/TOKEN123/content",
            downloadURL: "/d/TOKEN123/content?download=1", renditions: renditions)
    }

    @Test func aCompleteSelfContainedHTML5Document() {
        for language in PageLanguage.allCases {
            let html = LandingPage.render(Self.view(.pdf), language: language)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.htmlLanguageTag)\">"))
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(html.contains("<meta name=\"referrer\" content=\"no-referrer\">"))
            #expect(html.contains("<main id=\"main\">"))
            #expect(html.contains("<header class=\"site\">"))
            #expect(html.contains("<footer id=\"contact\""))
            #expect(html.hasSuffix("</html>\n"))
            // Works without JavaScript and loads nothing from elsewhere.
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<link"))
            #expect(!html.contains("src=\"http"))
            #expect(!html.contains("src=\"//"))
            #expect(!html.contains("@import"))
            #expect(!html.contains("url("))
            #expect(html.components(separatedBy: "<h1").count == 2)
        }
    }

    @Test func chinesePageShowsTheFactsInChinese() {
        let html = LandingPage.render(Self.view(.pdf), language: .zh)
        #expect(html.contains("<h1 id=\"title\">黑龙江地方文献选编</h1>"))
        #expect(html.contains("<dd id=\"owning-library\">黑龙江省图书馆</dd>"))
        #expect(
            html.contains(
                "<dd id=\"expires\"><time datetime=\"2025-07-01T18:05:00+08:00\">2025年7月1日 18:05（北京时间，UTC+08:00）</time></dd>"
            ))
        #expect(html.contains("<dd id=\"downloads-left\">还可下载 3 次（共 5 次）</dd>"))
        #expect(html.contains("1.2 MB"))
        #expect(html.contains("下载文件"))
        #expect(html.contains("<h2 id=\"notice-heading\">版权声明</h2>\n<p>仅供个人学习、研究使用。</p>\n<p>请勿转发。</p>"))
        #expect(html.contains("一小时内"))
        #expect(html.contains("只计为一次"))
        #expect(html.contains("href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(!html.contains("Downloads left"))
    }

    @Test func englishPageShowsTheFactsInEnglish() {
        let html = LandingPage.render(Self.view(.pdf), language: .en)
        #expect(html.contains("<dd id=\"owning-library\">Heilongjiang Provincial Library</dd>"))
        #expect(html.contains(">1 July 2025, 18:05 (China Standard Time, UTC+08:00)</time>"))
        #expect(html.contains("<dd id=\"downloads-left\">3 of 5 downloads left</dd>"))
        #expect(html.contains("Download the file"))
        #expect(html.contains("<p>For private study or research only.</p>\n<p>Do not pass it on.</p>"))
        #expect(html.contains("within one hour"))
        #expect(html.contains("counts as one download"))
        #expect(html.contains("lang=\"zh-CN\">中文</a>"))
        #expect(!html.contains("剩余下载次数"))
    }

    @Test func expiryIsShownInTheViewsTimeZoneWithItsOffset() {
        var view = Self.view(.pdf)
        view.timeZone = TimeZone(secondsFromGMT: 0)!
        #expect(LandingPage.render(view, language: .zh).contains("2025年7月1日 10:05（UTC+00:00）"))
        view.timeZone = TimeZone(identifier: "America/St_Johns")!  // UTC-2:30 in summer
        #expect(LandingPage.render(view, language: .en).contains("1 July 2025, 07:35 (UTC-02:30)"))
    }

    @Test func interpolatedStringsAreEscaped() {
        let attack = "<script>alert(\"x\")</script>&'"
        let evil = LibraryInfo(
            id: "evil", name: .init(zh: attack, en: attack), copyrightNotice: .init(zh: attack, en: attack),
            contact: .init(email: "a\"><script>@x.example", phone: "<b>1</b>", url: "https://x.example/\"><script>"))
        var view = Self.view(
            .video, contentType: "video/mp4\"><script>", title: attack,
            renditions: [.init(url: "/d/T/r\"><script>", contentType: "video/mp4\"><script>")], delivering: evil)
        view.fileName = attack
        view.note = attack
        view.contentURL = "/d/T/content\"><script>"
        view.downloadURL = "/d/T/content?download=1&x=\"><script>"
        for language in PageLanguage.allCases {
            for html in [
                LandingPage.render(view, language: language),
                GonePage.render(reason: .expired, library: evil, language: language),
            ] {
                #expect(!html.lowercased().contains("<script"))
                #expect(!html.contains("<b>"))
                #expect(html.contains("&lt;script&gt;"))
            }
        }
        let html = LandingPage.render(view, language: .en)
        #expect(html.contains("<h1 id=\"title\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</h1>"))
        #expect(html.contains("href=\"/d/T/content?download=1&amp;x=&quot;&gt;&lt;script&gt;\""))
        #expect(
            html.contains("<source src=\"/d/T/r&quot;&gt;&lt;script&gt;\" type=\"video/mp4&quot;&gt;&lt;script&gt;\">"))
        #expect(html.contains("href=\"mailto:a&quot;&gt;&lt;script&gt;@x.example\""))
    }

    @Test func aPDFIsShownInAFrameWithAFallbackLink() {
        let html = LandingPage.render(Self.view(.pdf), language: .zh)
        #expect(
            html.contains("<iframe id=\"pdf-view\" src=\"/d/TOKEN123/content\" title=\"黑龙江地方文献选编（PDF 文档）\"></iframe>"))
        #expect(
            html.contains(
                "<a id=\"open-inline\" href=\"/d/TOKEN123/content\" target=\"_blank\" rel=\"noopener\">在新窗口中打开</a>"))
        #expect(
            html.contains(
                "<a id=\"download\" class=\"button\" href=\"/d/TOKEN123/content?download=1\" download=\"黑龙江地方文献选编.pdf\">"
            ))
        #expect(!html.contains("<video") && !html.contains("<audio") && !html.contains("<img"))
    }

    @Test func aVideoPlaysRenditionsFirstThenTheOriginal() {
        let view = Self.view(
            .video, contentType: "video/quicktime",
            renditions: [
                .init(url: "/d/TOKEN123/renditions/video-h264-720p", contentType: "video/mp4"),
                .init(url: "/d/TOKEN123/renditions/video-h264-480p", contentType: "video/mp4"),
            ])
        let html = LandingPage.render(view, language: .en)
        #expect(
            html.contains(
                "<video id=\"player\" controls preload=\"metadata\" playsinline aria-label=\"黑龙江地方文献选编\">\n"
                    + "<source src=\"/d/TOKEN123/renditions/video-h264-720p\" type=\"video/mp4\">\n"
                    + "<source src=\"/d/TOKEN123/renditions/video-h264-480p\" type=\"video/mp4\">\n"
                    + "<source src=\"/d/TOKEN123/content\" type=\"video/quicktime\">\n"
                    + "<p>Your browser cannot play this file here. Please download it instead.</p>\n</video>"))
        #expect(html.contains("<h2 id=\"viewer-heading\">Watch online</h2>"))
        #expect(!html.contains("<iframe") && !html.contains("<audio"))
    }

    @Test func audioPlaysInAnAudioElement() {
        let view = Self.view(
            .audio, contentType: "audio/wav",
            renditions: [.init(url: "/d/T/renditions/audio-aac-96k", contentType: "audio/mp4")])
        let html = LandingPage.render(view, language: .zh)
        #expect(
            html.contains(
                "<audio id=\"player\" controls preload=\"metadata\" aria-label=\"黑龙江地方文献选编\">\n"
                    + "<source src=\"/d/T/renditions/audio-aac-96k\" type=\"audio/mp4\">\n<source src=\"/d/TOKEN123/content\" type=\"audio/wav\">"
            ))
        #expect(html.contains("在线收听"))
        #expect(!html.contains("<video"))
    }

    @Test func theOriginalIsNotOfferedToThePlayerWhenItIsNotMedia() {
        // A recording catalogued with a generic type: only renditions are offered.
        let view = Self.view(
            .video, contentType: "application/octet-stream",
            renditions: [.init(url: "/r.mp4", contentType: "video/mp4")])
        let html = LandingPage.render(view, language: .en)
        #expect(html.contains("<source src=\"/r.mp4\" type=\"video/mp4\">"))
        #expect(!html.contains("type=\"application/octet-stream\""))
    }

    @Test func anImageIsShownWithItsTitleAsText() {
        let html = LandingPage.render(Self.view(.image, contentType: "image/jpeg"), language: .en)
        #expect(html.contains("<img id=\"image-view\" src=\"/d/TOKEN123/content\" alt=\"黑龙江地方文献选编\">"))
    }

    @Test func otherFilesAreOfferedForDownloadOnly() {
        let html = LandingPage.render(Self.view(.other, contentType: "application/epub+zip"), language: .zh)
        #expect(html.contains("<p id=\"no-preview\">"))
        #expect(html.contains("id=\"download\""))
        #expect(
            !html.contains("<iframe") && !html.contains("<video") && !html.contains("<audio") && !html.contains("<img"))
    }

    @Test(arguments: [
        ("pdf", LandingPageView.MediaKind.pdf), ("image", .image), ("audio", .audio), ("video", .video),
        ("epub", .other), ("text", .other), ("other", .other), ("", .other),
    ])
    func catalogueKindsMapToViewers(kind: String, expected: LandingPageView.MediaKind) {
        #expect(LandingPageView.MediaKind(catalogKind: kind) == expected)
    }

    @Test func theDeliveringLibrarysNoticeAndContactAreShown() {
        let html = LandingPage.render(Self.view(.pdf, delivering: Self.harbin), language: .zh)
        #expect(html.contains("<dd id=\"owning-library\">黑龙江省图书馆</dd>"))
        #expect(html.contains("<dd id=\"delivering-library\">哈尔滨市图书馆</dd>"))
        #expect(html.contains("<p>哈尔滨市图书馆版权声明</p>"))
        #expect(!html.contains("仅供个人学习"))
        #expect(html.contains("<p id=\"contact-library\" class=\"library\">哈尔滨市图书馆</p>"))
        #expect(html.contains("href=\"mailto:ill@harbin-library.example\""))
        // Delivered by the owner itself: no second line.
        let own = LandingPage.render(Self.view(.pdf, delivering: Self.provincial), language: .zh)
        #expect(!own.contains("delivering-library"))
        #expect(own.contains("href=\"tel:045100000000\">0451-0000 0000</a>"))
        #expect(own.contains("href=\"https://hlj-provincial.example/ill\" rel=\"noopener noreferrer\""))
    }

    @Test func aNoteFromTheLibraryIsShown() {
        var view = Self.view(.pdf)
        view.note = "第三章，按您 5 月 3 日的申请"
        #expect(LandingPage.render(view, language: .zh).contains("<dd id=\"note\">第三章，按您 5 月 3 日的申请</dd>"))
        view.note = "  "
        #expect(!LandingPage.render(view, language: .zh).contains("id=\"note\""))
    }

    @Test(arguments: [
        (0, 5, "0 of 5 downloads left"), (1, 1, "1 of 1 download left"), (-2, 3, "0 of 3 downloads left"),
        (4, 2, "4 of 4 downloads left"),
    ])
    func downloadsLeftIsNeverNegativeNorAboveTheTotal(left: Int, total: Int, expected: String) {
        var view = Self.view(.pdf)
        view.downloadsLeft = left
        view.maxDownloads = total
        #expect(LandingPage.render(view, language: .en).contains("<dd id=\"downloads-left\">\(expected)</dd>"))
    }

    @Test(arguments: [
        (Int64(0), "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1 KB"), (1_234_567, "1.2 MB"),
        (999_999, "1 MB"),
        (20_000_000_000, "20 GB"),
    ])
    func sizes(bytes: Int64, expected: String) {
        #expect(LandingPageText(language: .en).size(bytes) == expected)
    }

    @Test func theContentSecurityPolicyAllowsNothingFromElsewhere() {
        let policy = LandingPage.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none'"))
        #expect(!policy.contains("http"))
        #expect(!policy.contains("script-src"))
        #expect(LandingPage.render(Self.view(.pdf), language: .zh).contains("content=\"\(policy)\""))
    }
}

/// The patron pages come from swift-mustache templates that escape every value.
@Suite struct PageTemplateTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Delivery/Templates")

    @Test func templatesNeverWriteAValueUnescaped() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.templates.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count == 4)
        for name in names {
            let text = try String(contentsOf: Self.templates.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&") && !text.contains("{{="), "\(name) has an unescaped tag")
        }
    }

    @Test func thePagesPolicyIsTheHeadersPolicy() {
        let html = GonePage.render(reason: .expired, library: nil, language: .en)
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(LandingPage.contentSecurityPolicy)\">"))
    }

    @Test func controlCharactersBecomeSpaces() {
        let html = GonePage.render(
            reason: .expired, library: LibraryInfo(id: "x", name: .init(zh: "图书\u{7}馆", en: "Lib\u{1b}rary")), language: .en)
        #expect(html.contains("Lib rary"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    }
}
