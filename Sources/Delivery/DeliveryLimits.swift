/// The numbers of interlibrary delivery that do not depend on where deliveries are stored.
public enum DeliveryLimits {
    /// The lifetime of a delivery whose request names none, in days (before policy caps).
    public static let defaultTTLDays = 14
    /// The downloads of a delivery whose request names none (before policy caps).
    public static let defaultMaxDownloads = 5
    /// The longest lifetime any delivery gets, in days, whatever the request and policy say.
    public static let ceilingTTLDays = 3650
    /// The most downloads any delivery gets, whatever the request and policy say.
    public static let ceilingMaxDownloads = 1000
    /// How long one download lasts for counting: requests from the same client within this many seconds of the
    /// download's first request are part of it.
    public static let downloadWindowSeconds = 3600
    /// The most records ``list(library:limit:)`` returns.
    public static let listLimitCeiling = 1000

}
