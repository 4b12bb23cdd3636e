/// The most a delivery may be given, from the access policy (`delivery_ttl_days`, `delivery_max_downloads` of the
/// rules that allow the `deliver` action, combined by the minimum).
///
/// A requested value above a cap is lowered to the cap, not refused; ``CreatedDelivery`` says which values were
/// lowered. `nil` means the policy sets no cap; the store's own ceilings (``DeliveryStore/ceilingTTLDays``,
/// ``DeliveryStore/ceilingMaxDownloads``) still apply. A cap of 0 forbids deliveries altogether.
public struct DeliveryCaps: Sendable, Hashable {
    /// Longest lifetime in days, or nil for no policy cap.
    public var maxTTLDays: Int?
    /// Most downloads, or nil for no policy cap.
    public var maxDownloads: Int?

    public init(maxTTLDays: Int? = nil, maxDownloads: Int? = nil) {
        self.maxTTLDays = maxTTLDays
        self.maxDownloads = maxDownloads
    }

    /// No policy caps: requests get what they ask for, up to the store's ceilings.
    public static let none = DeliveryCaps()

    /// The lifetime and download allowance a request gets under these caps.
    ///
    /// A request without a value gets the store's default, itself lowered to the cap (without counting as
    /// capped: the caller asked for nothing in particular).
    func terms(ttlDays requestedTTL: Int?, maxDownloads requestedDownloads: Int?) throws(DeliveryError)
        -> DeliveryTerms
    {
        if let requestedTTL, requestedTTL < 1 { throw .invalidTTLDays(requestedTTL) }
        if let requestedDownloads, requestedDownloads < 1 { throw .invalidMaxDownloads(requestedDownloads) }
        if let cap = maxTTLDays, cap < 1 { throw .forbiddenByPolicy(.ttlDays) }
        if let cap = maxDownloads, cap < 1 { throw .forbiddenByPolicy(.maxDownloads) }

        let ttlCeiling = min(maxTTLDays ?? DeliveryLimits.ceilingTTLDays, DeliveryLimits.ceilingTTLDays)
        let downloadCeiling = min(maxDownloads ?? DeliveryLimits.ceilingMaxDownloads, DeliveryLimits.ceilingMaxDownloads)
        let ttl = min(requestedTTL ?? DeliveryLimits.defaultTTLDays, ttlCeiling)
        let downloads = min(requestedDownloads ?? DeliveryLimits.defaultMaxDownloads, downloadCeiling)
        return DeliveryTerms(
            ttlDays: ttl, ttlDaysCapped: requestedTTL.map { $0 > ttl } ?? false,
            maxDownloads: downloads, maxDownloadsCapped: requestedDownloads.map { $0 > downloads } ?? false)
    }
}
