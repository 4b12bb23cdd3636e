import Foundation

/// What both patron-facing pages share besides their templates (`Templates/page-top.mustache`,
/// `page-bottom.mustache`): the values of the document frame (banner, language switch, contact block) and the
/// notice's paragraphs. No page loads anything from elsewhere: no scripts, fonts, images or style sheets; the style
/// sheet is inline in the template.
enum LandingPageHTML {
    /// `Content-Security-Policy` of the pages: nothing but inline style and same-origin media, frames and objects.
    /// The template carries the same text in its `<meta>` (a test compares them).
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; frame-src 'self'; "
        + "object-src 'self'; base-uri 'none'; form-action 'none'"

    /// The values of the frame every page is drawn in.
    static func frame(
        language: PageLanguage, pageTitle: String, bodyClass: String, libraryName: String?, contact library: LibraryInfo?
    ) -> [String: Any] {
        let text = LandingPageText(language: language)
        let other = text.otherLanguage
        var values: [String: Any] = [
            "lang": language.htmlLanguageTag, "pageTitle": pageTitle, "bodyClass": bodyClass,
            "skipToContent": text.skipToContent, "service": text.service, "languageNavigation": text.languageNavigation,
            "otherChoice": other.choice, "otherTag": other.tag, "otherLabel": other.label,
        ]
        if let libraryName { values["brandLibrary"] = libraryName }
        if let library { values["contact"] = contact(language: language, library: library) }
        return values
    }

    /// The contact block naming `library` and how to reach it (`id="contact"`).
    static func contact(language: PageLanguage, library: LibraryInfo) -> [String: Any] {
        let text = LandingPageText(language: language)
        var items: [[String: Any]] = []
        if let contact = library.contact {
            if let email = contact.email {
                items.append(["label": text.emailLabel, "id": "contact-email", "href": "mailto:" + email, "text": email])
            }
            if let phone = contact.phone {
                let dial = String(phone.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "+" }.map(Character.init))
                items.append(["label": text.phoneLabel, "id": "contact-phone", "href": "tel:" + dial, "text": phone])
            }
            if let url = contact.url {
                // Only web addresses become links; the directory loader already refuses anything else.
                let lowered = url.lowercased()
                if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
                    items.append([
                        "label": text.websiteLabel, "id": "contact-url", "href": url, "rel": "noopener noreferrer", "text": url,
                    ])
                } else {
                    items.append(["label": text.websiteLabel, "text": url])
                }
            }
        }
        return [
            "heading": text.contactHeading, "library": library.name[language], "items": items, "hasItems": !items.isEmpty,
            "noDetails": text.noContactDetails,
        ]
    }

    /// The paragraphs of a text whose blank lines separate paragraphs. Single line breaks only wrap the source
    /// text: they become a space between Latin words and nothing between Chinese characters.
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { paragraph in
                let lines = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                var joined = ""
                for line in lines {
                    if let last = joined.unicodeScalars.last, let first = line.unicodeScalars.first,
                        last.isASCII || first.isASCII
                    {
                        joined += " "
                    }
                    joined += line
                }
                return joined
            }
            .filter { !$0.isEmpty }
    }
}
