/// A member library's request to deliver one asset to one patron (the body of `POST /deliveries`, plus the
/// library the caller authenticated as).
public struct NewDelivery: Sendable, Hashable {
    /// The member library sending the delivery; it alone (and administrators) may see or revoke it.
    public var library: String
    /// The asset delivered. The store does not check that it exists; the caller resolves it first.
    public var assetID: String
    /// Who the delivery is for.
    public var patron: Patron
    /// A note for the patron, at most 2,000 characters; it may span lines. Empty counts as absent.
    public var note: String?
    /// Requested lifetime in days; nil asks for ``DeliveryStore/defaultTTLDays``. Must be at least 1.
    public var ttlDays: Int?
    /// Requested number of downloads; nil asks for ``DeliveryStore/defaultMaxDownloads``. Must be at least 1.
    public var maxDownloads: Int?

    public init(
        library: String, assetID: String, patron: Patron, note: String? = nil, ttlDays: Int? = nil,
        maxDownloads: Int? = nil
    ) {
        self.library = library
        self.assetID = assetID
        self.patron = patron
        self.note = note
        self.ttlDays = ttlDays
        self.maxDownloads = maxDownloads
    }
}
