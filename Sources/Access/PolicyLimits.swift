/// Quotas a rule attaches to what it allows. Every field is optional (`nil` = no limit); when several allow rules
/// match, each field is the minimum of the values they set, and `stamp` the union of theirs.
public struct PolicyLimits: Sendable, Hashable, CustomStringConvertible {
    /// Downloads per subject per day (`downloads_per_day`).
    public var downloadsPerDay: Int?
    /// Streams one subject may play at once (`concurrent_streams`).
    public var concurrentStreams: Int?
    /// Longest lifetime of an interlibrary delivery link, in days (`delivery_ttl_days`).
    public var deliveryTTLDays: Int?
    /// Most downloads of one interlibrary delivery (`delivery_max_downloads`).
    public var deliveryMaxDownloads: Int?
    /// What a delivered or linked PDF carries (`stamp`).
    public var stamp: PolicyStamp

    public init(
        downloadsPerDay: Int? = nil, concurrentStreams: Int? = nil, deliveryTTLDays: Int? = nil,
        deliveryMaxDownloads: Int? = nil, stamp: PolicyStamp = .none
    ) {
        self.downloadsPerDay = downloadsPerDay
        self.concurrentStreams = concurrentStreams
        self.deliveryTTLDays = deliveryTTLDays
        self.deliveryMaxDownloads = deliveryMaxDownloads
        self.stamp = stamp
    }

    /// No limits.
    public static let none = PolicyLimits()

    /// Whether no field is set.
    public var isEmpty: Bool { self == .none }

    /// The limits that hold when both `self` and `other` apply: field by field the smaller value.
    public func combined(with other: PolicyLimits) -> PolicyLimits {
        func smaller(_ a: Int?, _ b: Int?) -> Int? {
            guard let a else { return b }
            guard let b else { return a }
            return Swift.min(a, b)
        }
        return PolicyLimits(
            downloadsPerDay: smaller(downloadsPerDay, other.downloadsPerDay),
            concurrentStreams: smaller(concurrentStreams, other.concurrentStreams),
            deliveryTTLDays: smaller(deliveryTTLDays, other.deliveryTTLDays),
            deliveryMaxDownloads: smaller(deliveryMaxDownloads, other.deliveryMaxDownloads),
            stamp: stamp.union(other.stamp))
    }

    /// The file spelling, e.g. `{ downloads_per_day: 20, concurrent_streams: 2 }`, or `none`.
    public var description: String {
        var parts = [String]()
        if let downloadsPerDay { parts.append("downloads_per_day: \(downloadsPerDay)") }
        if let concurrentStreams { parts.append("concurrent_streams: \(concurrentStreams)") }
        if let deliveryTTLDays { parts.append("delivery_ttl_days: \(deliveryTTLDays)") }
        if let deliveryMaxDownloads { parts.append("delivery_max_downloads: \(deliveryMaxDownloads)") }
        if !stamp.isEmpty { parts.append("stamp: \(stamp)") }
        return parts.isEmpty ? "none" : "{ " + parts.joined(separator: ", ") + " }"
    }
}
