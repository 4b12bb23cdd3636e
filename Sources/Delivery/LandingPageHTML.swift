import Foundation

/// The HTML both patron-facing pages share: escaping, the document shell with its inline style sheet, the contact
/// block. No page loads anything from elsewhere: no scripts, fonts, images or style sheets.
enum LandingPageHTML {
    /// Text made safe for HTML content and for quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters other than tab and newline are not allowed in HTML text.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n": out += " "
            case "\u{7f}": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `Content-Security-Policy` of the pages: nothing but inline style and same-origin media, frames and objects.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; frame-src 'self'; "
        + "object-src 'self'; base-uri 'none'; form-action 'none'"

    /// A complete HTML5 document.
    static func document(
        language: PageLanguage, title: String, bodyClass: String, header: String, main: String, footer: String
    ) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.htmlLanguageTag)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex, nofollow">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <title>\(escape(title))</title>
        <style>
        \(styleSheet)
        </style>
        </head>
        <body class="\(bodyClass)">
        <a class="skip" href="#main">\(escape(LandingPageText(language: language).skipToContent))</a>
        \(header)
        <main id="main">
        \(main)
        </main>
        \(footer)
        </body>
        </html>

        """
    }

    /// The banner: the service's name, the library's name and a link to the page in the other language.
    static func header(language: PageLanguage, libraryName: String?) -> String {
        let text = LandingPageText(language: language)
        let other = text.otherLanguage
        let brand = libraryName.map { "\(escape($0)) · \(escape(text.service))" } ?? escape(text.service)
        return """
            <header class="site">
            <p class="brand">\(brand)</p>
            <nav aria-label="\(escape(text.languageNavigation))"><a id="language" href="?lang=\(other.choice)" hreflang="\(other.tag)" lang="\(other.tag)">\(other.label)</a></nav>
            </header>
            """
    }

    /// The footer naming `library` and how to reach it (`id="contact"`).
    static func contactFooter(language: PageLanguage, library: LibraryInfo?) -> String {
        let text = LandingPageText(language: language)
        guard let library else { return "" }
        var items: [String] = []
        if let contact = library.contact {
            if let email = contact.email {
                items.append(
                    "<li><span class=\"label\">\(escape(text.emailLabel))</span> <a id=\"contact-email\" href=\"mailto:\(escape(email))\">\(escape(email))</a></li>"
                )
            }
            if let phone = contact.phone {
                let dial = String(
                    phone.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "+" }.map(Character.init))
                items.append(
                    "<li><span class=\"label\">\(escape(text.phoneLabel))</span> <a id=\"contact-phone\" href=\"tel:\(escape(dial))\">\(escape(phone))</a></li>"
                )
            }
            if let url = contact.url {
                // Only web addresses become links; the directory loader already refuses anything else.
                let lowered = url.lowercased()
                if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
                    items.append(
                        "<li><span class=\"label\">\(escape(text.websiteLabel))</span> <a id=\"contact-url\" href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(escape(url))</a></li>"
                    )
                } else {
                    items.append("<li><span class=\"label\">\(escape(text.websiteLabel))</span> \(escape(url))</li>")
                }
            }
        }
        let details =
            items.isEmpty
            ? "<p>\(escape(text.noContactDetails))</p>"
            : "<ul class=\"contact\">\n" + items.joined(separator: "\n") + "\n</ul>"
        return """
            <footer id="contact" class="site">
            <h2>\(escape(text.contactHeading))</h2>
            <p id="contact-library" class="library">\(escape(library.name[language]))</p>
            \(details)
            </footer>
            """
    }

    /// Paragraphs of a text whose blank lines separate paragraphs. Single line breaks only wrap the source text:
    /// they become a space between Latin words and nothing between Chinese characters.
    static func paragraphs(_ text: String) -> String {
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
            .map { "<p>" + escape($0) + "</p>" }
            .joined(separator: "\n")
    }

    /// Mobile first, system fonts (with the usual Chinese ones), contrast above WCAG AA in light and dark schemes.
    static let styleSheet = """
        :root{color-scheme:light dark;--fg:#1b1b1b;--bg:#ffffff;--muted:#4a4a4a;--line:#d0d0d0;--panel:#f4f6f8;\
        --accent:#0b4f8a;--accent-fg:#ffffff;--warn-bg:#fff4e5;--warn-line:#9a4d00}
        @media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#121212;--muted:#c4c4c4;--line:#444;\
        --panel:#1e2227;--accent:#7cc0ff;--accent-fg:#0a0a0a;--warn-bg:#2b2113;--warn-line:#f0a44b}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.6 system-ui,-apple-system,"Segoe UI",\
        "PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
        .skip{position:absolute;left:-999px;top:0;background:var(--accent);color:var(--accent-fg);padding:.5rem 1rem}
        .skip:focus{left:0;z-index:1}
        header.site,main,footer.site{max-width:52rem;margin:0 auto;padding:1rem}
        header.site{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;\
        border-bottom:1px solid var(--line)}
        .brand{margin:0;font-weight:600;color:var(--muted)}
        a{color:var(--accent)}
        a:focus-visible,video:focus-visible,audio:focus-visible,iframe:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem;overflow-wrap:anywhere}
        h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        dl.facts{display:grid;grid-template-columns:1fr;gap:.25rem 1rem;margin:0 0 1rem;padding:1rem;\
        background:var(--panel);border-radius:.5rem}
        dl.facts div{display:grid;grid-template-columns:1fr;gap:0 1rem}
        dt{font-weight:600;color:var(--muted)}
        dd{margin:0 0 .5rem;overflow-wrap:anywhere}
        @media (min-width:36rem){dl.facts div{grid-template-columns:10rem 1fr}dd{margin:0}}
        .button{display:inline-block;min-height:44px;padding:.7rem 1.4rem;border-radius:.4rem;background:var(--accent);\
        color:var(--accent-fg);font-weight:600;text-decoration:none}
        .button:hover{text-decoration:underline}
        .rule{padding:.75rem 1rem;border-left:4px solid var(--warn-line);background:var(--warn-bg)}
        .viewer video,.viewer img{display:block;width:100%;height:auto;max-height:80vh;background:#000}
        .viewer audio{display:block;width:100%}
        .viewer iframe{display:block;width:100%;height:80vh;min-height:24rem;border:1px solid var(--line)}
        #note{white-space:pre-line}
        .notice{margin-top:1.5rem;padding:0 1rem;border:1px solid var(--line);border-radius:.5rem}
        ul.contact{list-style:none;padding:0;margin:0}
        .label{color:var(--muted);margin-right:.5rem}
        footer.site{border-top:1px solid var(--line);margin-top:2rem}
        .library{font-weight:600;margin:0 0 .5rem}
        .gone h1{color:var(--warn-line)}
        """
}
