/// The language a patron-facing page is written in. The network serves Chinese readers first, so Chinese is the
/// default; English is chosen only when the browser says it prefers English (see ``negotiate(acceptLanguage:)``).
public enum PageLanguage: String, Sendable, Hashable, CaseIterable {
    /// Simplified Chinese.
    case zh
    /// English.
    case en

    /// The value of the page's `lang` attribute (BCP 47).
    public var htmlLanguageTag: String {
        switch self {
        case .zh: return "zh-CN"
        case .en: return "en"
        }
    }

    /// The language of an explicit choice such as a `?lang=en` query parameter: `zh`, `en` or any tag with one of
    /// them as its primary subtag (`zh-CN`, `en-GB`), case-insensitive; `nil` for anything else.
    public init?(choice: String) {
        let primary = choice.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch primary.lowercased() {
        case "zh": self = .zh
        case "en": self = .en
        default: return nil
        }
    }
}
