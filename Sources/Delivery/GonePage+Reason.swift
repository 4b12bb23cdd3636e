extension GonePage {
    /// Why a delivery link does not show its item.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The link's time ran out.
        case expired
        /// Every allowed download has been used.
        case exhausted
        /// The library withdrew the link (`DELETE /deliveries/{id}`).
        case revoked
        /// No delivery has this token.
        case notFound = "not-found"

        /// The HTTP status the page is sent with: 410 for a link that worked once, 404 for one that never did.
        public var httpStatus: Int { self == .notFound ? 404 : 410 }
    }
}
