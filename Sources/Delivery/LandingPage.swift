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

    /// The landing page of `view` in `language` (`Templates/landing.mustache`; every value escaped by the template).
    public static func render(_ view: LandingPageView, language: PageLanguage) -> String {
        let text = LandingPageText(language: language)
        let responsible = view.responsibleLibrary
        let left = max(0, view.downloadsLeft)
        let total = max(left, view.maxDownloads)

        var facts: [[String: Any]] = []
        func fact(_ id: String, _ label: String, _ value: [String: Any]) {
            facts.append(["id": id, "label": label].merging(value) { first, _ in first })
        }
        fact("owning-library", text.owningLibraryLabel, ["plain": view.owningLibrary.name[language]])
        if let delivering = view.deliveringLibrary, delivering.id != view.owningLibrary.id {
            fact("delivering-library", text.deliveringLibraryLabel, ["plain": delivering.name[language]])
        }
        fact(
            "file", text.fileLabel,
            ["fileFact": ["name": view.fileName, "kind": text.kindName(view.mediaKind), "size": text.size(view.size)]])
        fact(
            "expires", text.expiresLabel,
            ["timeFact": [
                "machine": LandingPageText.machineDateTime(view.expiresAt, in: view.timeZone),
                "shown": text.dateTime(view.expiresAt, in: view.timeZone),
            ]])
        fact("downloads-left", text.downloadsLeftLabel, ["plain": text.downloadsLeft(left, of: total)])
        if let note = view.note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fact("note", text.noteLabel, ["plain": note])
        }

        var values = LandingPageHTML.frame(
            language: language, pageTitle: "\(view.title) · \(text.service)", bodyClass: "landing",
            libraryName: responsible.name[language], contact: responsible)
        values["title"] = view.title
        values["facts"] = facts
        values["downloadURL"] = view.downloadURL
        values["fileName"] = view.fileName
        values["downloadButton"] = text.downloadButton
        values["countingRule"] = text.countingRule
        values["viewerHeading"] = text.viewerHeading(view.mediaKind)
        values["noticeHeading"] = text.noticeHeading
        values["notice"] = LandingPageHTML.paragraphs(responsible.copyrightNotice[language])
        values.merge(viewer(view, text: text)) { first, _ in first }
        return PageTemplates.render("landing", values)
    }

    /// The values of the inline viewer for the item's kind.
    static func viewer(_ view: LandingPageView, text: LandingPageText) -> [String: Any] {
        switch view.mediaKind {
        case .pdf:
            // An iframe shows the browser's own PDF viewer where there is one; phones often have none, hence the
            // link that opens the same URL on its own.
            return ["pdf": [
                "contentURL": view.contentURL, "frameTitle": text.pdfFrameTitle(view.title),
                "before": text.pdfFallbackBefore, "link": text.pdfFallbackLink, "after": text.pdfFallbackAfter,
            ]]
        case .image:
            return ["image": ["contentURL": view.contentURL]]
        case .audio, .video:
            // Renditions first (made for browsers); the original last, so a browser that plays it directly may.
            var sources: [[String: Any]] = view.renditions.map { ["url": $0.url, "type": $0.contentType] }
            let major = view.contentType.lowercased().split(separator: "/").first
            if major == "audio" || major == "video" {
                sources.append(["url": view.contentURL, "type": view.contentType])
            }
            return ["player": [
                "element": view.mediaKind == .video ? "video" : "audio", "inline": view.mediaKind == .video,
                "sources": sources, "fallback": text.playerFallback,
            ]]
        case .other:
            return ["noPreview": text.noPreview]
        }
    }
}
