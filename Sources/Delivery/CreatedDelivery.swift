/// A delivery just made: its record, and its token, which is shown here once and never again.
public struct CreatedDelivery: Sendable, Hashable {
    /// The delivery's id, for `GET /deliveries/{id}` and `DELETE /deliveries/{id}`.
    public var id: String { delivery.id }
    /// The patron's credential: 43 base64url characters (256 random bits). Only its SHA-256 is stored, so it
    /// cannot be shown again; a lost token means revoking and sending a new delivery.
    public var token: String
    /// The stored record.
    public var delivery: Delivery
    /// The lifetime given, in days (the request's value, the default, or a cap).
    public var ttlDays: Int
    /// Whether the requested lifetime was lowered to a cap.
    public var ttlDaysCapped: Bool
    /// The downloads allowed (the request's value, the default, or a cap).
    public var maxDownloads: Int { delivery.maxDownloads }
    /// Whether the requested number of downloads was lowered to a cap.
    public var maxDownloadsCapped: Bool

    /// The patron's link, relative to the gateway's origin: `/d/{token}`.
    public var linkPath: String { "/d/" + token }

    package init(token: String, delivery: Delivery, terms: DeliveryTerms) {
        self.token = token
        self.delivery = delivery
        ttlDays = terms.ttlDays
        ttlDaysCapped = terms.ttlDaysCapped
        maxDownloadsCapped = terms.maxDownloadsCapped
    }
}
