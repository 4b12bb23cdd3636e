import Foundation

/// The patron landing page of a delivery (`GET /d/{token}`): what the item is, whose it is, how long the link lasts,
/// how many downloads are left, the library's copyright notice, a download button and an inline viewer — PDF in the
/// browser's viewer, `<video>`/`<audio>` players, pictures.
///
/// The page is one self-contained HTML5 document: inline style, no scripts, nothing loaded from elsewhere, readable
/// on a phone. Elements tests and scripts rely on carry stable ids: `title`, `owning-library`, `delivering-library`,
/// `expires`, `downloads-left`, `counting-rule`, `download`, `viewer`, `pdf-view`, `open-inline`, `player`,
/// `image-view`, `no-preview`, `notice`, `contact`.
public enum LandingPage {
    /// The page's `Content-Security-Policy`, for the response header too (the page also carries it in a `<meta>`).
    public static var contentSecurityPolicy: String { LandingPageHTML.contentSecurityPolicy }

    /// The landing page of `view` in `language`, every interpolated value HTML-escaped.
    public static func render(_ view: LandingPageView, language: PageLanguage) -> String {
        let text = LandingPageText(language: language)
        let e = LandingPageHTML.escape
        let responsible = view.responsibleLibrary
        let left = max(0, view.downloadsLeft)
        let total = max(left, view.maxDownloads)

        var facts: [String] = []
        func fact(_ id: String, _ label: String, _ value: String) {
            facts.append("<div><dt>\(e(label))</dt><dd id=\"\(id)\">\(value)</dd></div>")
        }
        fact("owning-library", text.owningLibraryLabel, e(view.owningLibrary.name[language]))
        if let delivering = view.deliveringLibrary, delivering.id != view.owningLibrary.id {
            fact("delivering-library", text.deliveringLibraryLabel, e(delivering.name[language]))
        }
        fact(
            "file", text.fileLabel,
            "<span id=\"file-name\">\(e(view.fileName))</span> · \(e(text.kindName(view.mediaKind))) · \(e(text.size(view.size)))"
        )
        let machineTime = LandingPageText.machineDateTime(view.expiresAt, in: view.timeZone)
        fact(
            "expires", text.expiresLabel,
            "<time datetime=\"\(e(machineTime))\">\(e(text.dateTime(view.expiresAt, in: view.timeZone)))</time>")
        fact("downloads-left", text.downloadsLeftLabel, e(text.downloadsLeft(left, of: total)))
        if let note = view.note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fact("note", text.noteLabel, e(note))
        }

        let main = """
            <h1 id="title">\(e(view.title))</h1>
            <dl class="facts">
            \(facts.joined(separator: "\n"))
            </dl>
            <p class="actions"><a id="download" class="button" href="\(e(view.downloadURL))" download="\(e(view.fileName))">\(e(text.downloadButton))</a></p>
            <p id="counting-rule" class="rule">\(e(text.countingRule))</p>
            <section id="viewer" class="viewer" aria-labelledby="viewer-heading">
            <h2 id="viewer-heading">\(e(text.viewerHeading(view.mediaKind)))</h2>
            \(viewer(view, text: text))
            </section>
            <section id="notice" class="notice" aria-labelledby="notice-heading">
            <h2 id="notice-heading">\(e(text.noticeHeading))</h2>
            \(LandingPageHTML.paragraphs(responsible.copyrightNotice[language]))
            </section>
            """
        return LandingPageHTML.document(
            language: language, title: "\(view.title) · \(text.service)", bodyClass: "landing",
            header: LandingPageHTML.header(language: language, libraryName: responsible.name[language]),
            main: main,
            footer: LandingPageHTML.contactFooter(language: language, library: responsible))
    }

    /// The inline viewer for the item's kind.
    static func viewer(_ view: LandingPageView, text: LandingPageText) -> String {
        let e = LandingPageHTML.escape
        switch view.mediaKind {
        case .pdf:
            // An iframe shows the browser's own PDF viewer where there is one; phones often have none, hence the
            // link that opens the same URL on its own.
            return """
                <iframe id="pdf-view" src="\(e(view.contentURL))" title="\(e(text.pdfFrameTitle(view.title)))"></iframe>
                <p class="fallback">\(e(text.pdfFallbackBefore))<a id="open-inline" href="\(e(view.contentURL))" target="_blank" rel="noopener">\(e(text.pdfFallbackLink))</a>\(e(text.pdfFallbackAfter))</p>
                """
        case .image:
            return "<img id=\"image-view\" src=\"\(e(view.contentURL))\" alt=\"\(e(view.title))\">"
        case .audio, .video:
            // Renditions first (made for browsers); the original last, so a browser that plays it directly may.
            var sources = view.renditions.map { "<source src=\"\(e($0.url))\" type=\"\(e($0.contentType))\">" }
            let major = view.contentType.lowercased().split(separator: "/").first
            if major == "audio" || major == "video" {
                sources.append("<source src=\"\(e(view.contentURL))\" type=\"\(e(view.contentType))\">")
            }
            let element = view.mediaKind == .video ? "video" : "audio"
            let extra = view.mediaKind == .video ? " playsinline" : ""
            return """
                <\(element) id="player" controls preload="metadata"\(extra) aria-label="\(e(view.title))">
                \(sources.joined(separator: "\n"))
                <p>\(e(text.playerFallback))</p>
                </\(element)>
                """
        case .other:
            return "<p id=\"no-preview\">\(e(text.noPreview))</p>"
        }
    }
}
