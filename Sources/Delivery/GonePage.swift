/// The page a delivery link answers once it no longer works (`410 Gone`) or never did (`404 Not Found`): what
/// happened, and which library to contact with its contact details. Same look and rules as ``LandingPage``; the
/// element ids tests rely on: `gone` (with `data-reason`), `explanation`, `next-step`, `contact`.
public enum GonePage {
    /// The page for `reason`, naming `library` (the library that made the delivery) when it is known
    /// (`Templates/gone.mustache`).
    public static func render(reason: Reason, library: LibraryInfo?, language: PageLanguage) -> String {
        let text = LandingPageText(language: language)
        let title = text.goneTitle(reason)
        var values = LandingPageHTML.frame(
            language: language, pageTitle: "\(title) · \(text.service)", bodyClass: "gone",
            libraryName: library?.name[language], contact: library)
        values["reason"] = reason.rawValue
        values["heading"] = title
        values["explanation"] = text.goneExplanation(reason)
        values["nextStep"] = text.goneNextStep(reason, library: library?.name[language])
        return PageTemplates.render("gone", values)
    }
}
