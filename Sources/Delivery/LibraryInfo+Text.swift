extension LibraryInfo {
    /// A text written in every ``PageLanguage``.
    public struct Text: Sendable, Hashable {
        /// Chinese.
        public var zh: String
        /// English.
        public var en: String

        public init(zh: String, en: String) {
            self.zh = zh
            self.en = en
        }

        /// The text in `language`.
        public subscript(_ language: PageLanguage) -> String {
            switch language {
            case .zh: return zh
            case .en: return en
            }
        }
    }
}
