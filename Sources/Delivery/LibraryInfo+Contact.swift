extension LibraryInfo {
    /// How a patron reaches a library's document delivery service. Every part is optional.
    public struct Contact: Sendable, Hashable {
        /// An e-mail address, e.g. `ill@library.example.cn`.
        public var email: String?
        /// A telephone number as people dial it, e.g. `0451-85990000`.
        public var phone: String?
        /// A web page (`http://` or `https://`), e.g. the library's interlibrary loan page.
        public var url: String?

        public init(email: String? = nil, phone: String? = nil, url: String? = nil) {
            self.email = email
            self.phone = phone
            self.url = url
        }

        /// Whether no part is given.
        public var isEmpty: Bool { email == nil && phone == nil && url == nil }
    }
}
