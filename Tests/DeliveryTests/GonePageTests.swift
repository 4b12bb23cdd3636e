import Testing

@testable import Delivery

@Suite struct GonePageTests {
    static let harbin = LibraryInfo(
        id: "harbin", name: .init(zh: "哈尔滨市图书馆", en: "Harbin Library"),
        contact: .init(
            email: "ill@harbin-library.example", phone: "0451-0000 0001", url: "https://harbin-library.example/ill"))

    @Test(arguments: GonePage.Reason.allCases, PageLanguage.allCases)
    func everyReasonNamesTheLibraryAndHowToReachIt(reason: GonePage.Reason, language: PageLanguage) {
        let html = GonePage.render(reason: reason, library: Self.harbin, language: language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.htmlLanguageTag)\">"))
        #expect(html.contains("<h1 id=\"gone\" data-reason=\"\(reason.rawValue)\">"))
        let name = Self.harbin.name[language]
        #expect(html.contains("<p id=\"next-step\">") && html.contains("\(name)"))
        #expect(html.contains("<p id=\"contact-library\" class=\"library\">\(name)</p>"))
        #expect(
            html.contains(
                "<a id=\"contact-email\" href=\"mailto:ill@harbin-library.example\">ill@harbin-library.example</a>"))
        #expect(html.contains("<a id=\"contact-phone\" href=\"tel:045100000001\">0451-0000 0001</a>"))
        #expect(html.contains("<a id=\"contact-url\" href=\"https://harbin-library.example/ill\""))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test(arguments: [
        (GonePage.Reason.expired, "链接已过期", "This link has expired", 410),
        (.exhausted, "下载次数已用完", "No downloads left", 410),
        (.revoked, "链接已被撤销", "This link has been withdrawn", 410),
        (.notFound, "找不到这个链接", "Link not found", 404),
    ])
    func eachReasonSaysWhatHappened(reason: GonePage.Reason, zh: String, en: String, status: Int) {
        #expect(GonePage.render(reason: reason, library: Self.harbin, language: .zh).contains(">\(zh)</h1>"))
        #expect(GonePage.render(reason: reason, library: Self.harbin, language: .en).contains(">\(en)</h1>"))
        #expect(reason.httpStatus == status)
    }

    @Test func theNextStepNamesTheLibraryInTheSentence() {
        #expect(
            GonePage.render(reason: .expired, library: Self.harbin, language: .zh)
                .contains("<p id=\"next-step\">如仍需要这份文献，请联系哈尔滨市图书馆重新办理。</p>"))
        #expect(
            GonePage.render(reason: .revoked, library: Self.harbin, language: .en)
                .contains(
                    "<p id=\"next-step\">If you still need the item, please contact Harbin Library and ask for it again.</p>"
                ))
        #expect(GonePage.render(reason: .exhausted, library: Self.harbin, language: .zh).contains("在线阅读和播放也计入次数"))
    }

    @Test func withoutAKnownLibraryThePagePointsToTheLibraryThatSentTheLink() {
        let zh = GonePage.render(reason: .notFound, library: nil, language: .zh)
        #expect(zh.contains("请联系为您办理文献传递的图书馆"))
        #expect(!zh.contains("id=\"contact\""))
        let en = GonePage.render(reason: .notFound, library: nil, language: .en)
        #expect(en.contains("please contact the library that sent you this link"))
    }

    @Test func aLibraryWithoutContactDetailsIsStillNamed() {
        let html = GonePage.render(reason: .expired, library: .fallback(id: "suihua"), language: .en)
        #expect(html.contains("<p id=\"contact-library\" class=\"library\">suihua</p>"))
        #expect(html.contains("Please contact the library the way you asked for this delivery."))
    }
}
