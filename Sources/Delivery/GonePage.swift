/// The page a delivery link answers once it no longer works (`410 Gone`) or never did (`404 Not Found`): what
/// happened, and which library to contact with its contact details. Same look and rules as ``LandingPage``; the
/// element ids tests rely on: `gone` (with `data-reason`), `explanation`, `next-step`, `contact`.
public enum GonePage {
    /// The page for `reason`, naming `library` (the library that made the delivery) when it is known.
    public static func render(reason: Reason, library: LibraryInfo?, language: PageLanguage) -> String {
        let text = LandingPageText(language: language)
        let e = LandingPageHTML.escape
        let title = text.goneTitle(reason)
        let main = """
            <h1 id="gone" data-reason="\(reason.rawValue)">\(e(title))</h1>
            <p id="explanation">\(e(text.goneExplanation(reason)))</p>
            <p id="next-step">\(e(text.goneNextStep(reason, library: library?.name[language])))</p>
            """
        return LandingPageHTML.document(
            language: language, title: "\(title) · \(text.service)", bodyClass: "gone",
            header: LandingPageHTML.header(language: language, libraryName: library?.name[language]),
            main: main,
            footer: LandingPageHTML.contactFooter(language: language, library: library))
    }
}
