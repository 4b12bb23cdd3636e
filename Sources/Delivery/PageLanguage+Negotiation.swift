extension PageLanguage {
    /// The language to answer a request in, from its `Accept-Language` header (RFC 9110 §12.5.4).
    ///
    /// Each language gets the weight (`q`) of the most specific range that names it: a range naming its primary
    /// subtag (`en`, `en-US`) wins over `*`, whatever their weights, so `zh;q=0, *` rules Chinese out. The language
    /// with the higher weight wins; on equal weights the one the header names first; when nothing decides (no header,
    /// a header that cannot be read, only `*`, or neither language acceptable) the page is Chinese.
    ///
    /// - Parameter acceptLanguage: the header's value, or `nil` when the request has none.
    public static func negotiate(acceptLanguage: String?) -> PageLanguage {
        guard let acceptLanguage else { return .zh }
        let ranges = AcceptRange.parse(acceptLanguage)

        func preference(for language: PageLanguage) -> (weight: Double, position: Int)? {
            let named = ranges.filter { $0.primary == language.rawValue }
            if let best = named.max(by: {
                $0.weight < $1.weight || ($0.weight == $1.weight && $0.position > $1.position)
            }) {
                return (best.weight, best.position)
            }
            if let wildcard = ranges.first(where: { $0.primary == "*" }) { return (wildcard.weight, wildcard.position) }
            return nil
        }

        guard let english = preference(for: .en), english.weight > 0 else { return .zh }
        guard let chinese = preference(for: .zh), chinese.weight > 0 else { return .en }
        if english.weight != chinese.weight { return english.weight > chinese.weight ? .en : .zh }
        return english.position < chinese.position ? .en : .zh
    }

    /// The language of a request that may carry an explicit choice (a `?lang=` query parameter) that wins over the
    /// header when it names a language this gateway writes; otherwise as ``negotiate(acceptLanguage:)``.
    public static func negotiate(acceptLanguage: String?, choice: String?) -> PageLanguage {
        if let choice, let chosen = PageLanguage(choice: choice) { return chosen }
        return negotiate(acceptLanguage: acceptLanguage)
    }
}
