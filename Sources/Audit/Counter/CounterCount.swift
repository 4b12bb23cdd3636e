public import Foundation

/// One item's COUNTER counts in one month, for one member library (or the whole network), summed by an audit store
/// from its session-grain records (``AuditRecord``: one record is one session's requests for one item, action and
/// decision; ``AuditRecord/requests`` says how many requests it stands for).
///
/// **What is counted.** Only records of *content* uses: the actions `read`, `download` and `stream`, and `deliver`
/// when a patron fetches a delivered item (`/d/{token}/content`, subject `delivery:…`). Making a delivery
/// (`POST /deliveries`, also `deliver`, subject the library) serves no content and is not counted. Metadata reads are
/// never recorded.
///
/// - ``totalItemRequests`` (`Total_Item_Requests`): the sum of ``AuditRecord/requests`` of *allowed* content
///   records. The gateway serves only full content, so every request is also an investigation:
///   `Total_Item_Investigations` is the same number. A record's requests are all its session's requests for the item,
///   so a viewer's range requests count as the requests they are, exactly as `gateway stats` counts them (the
///   gateway does not apply COUNTER's 30-second double-click rule; a record keeps only its first request's time).
/// - ``uniqueItemRequests`` (`Unique_Item_Requests`, and `Unique_Item_Investigations`): the number of distinct
///   sessions that were allowed the item, a session being COUNTER's: the subject (patron, key or delivery) and its
///   library within one clock hour of the record's time (hours of UTC, as ``UsageSessions`` gathers them; the same
///   hours as Asia/Shanghai's).
/// - ``noLicense`` (`No_License`): requests of content records refused by policy: decision `deny`, status 403 (no rule
///   allows the use, a deny rule matched, a ``ContentRule`` refused with 403).
/// - ``limitExceeded`` (`Limit_Exceeded`): requests refused by a quota: decision `deny`, status 429
///   (`downloads_per_day`, `concurrent_streams`).
///
/// Refusals with other statuses (none are recorded today) count in neither access-denied metric.
public struct CounterCount: Sendable, Hashable {
    public var month: CounterMonth
    public var assetID: String
    public var totalItemRequests: Int
    public var uniqueItemRequests: Int
    public var noLicense: Int
    public var limitExceeded: Int

    public init(month: CounterMonth, assetID: String, totalItemRequests: Int, uniqueItemRequests: Int, noLicense: Int, limitExceeded: Int) {
        self.month = month
        self.assetID = assetID
        self.totalItemRequests = totalItemRequests
        self.uniqueItemRequests = uniqueItemRequests
        self.noLicense = noLicense
        self.limitExceeded = limitExceeded
    }

    /// The SQL condition selecting content records (see the type's documentation), over the columns `action` and
    /// `subject`, the same in both stores.
    package static let contentRecords =
        "(action IN ('read', 'download', 'stream') OR (action = 'deliver' AND subject LIKE 'delivery:%'))"
}

/// What to count: months as instants (in the report's time zone), one library or every library, and how many
/// item-months at most (a report's memory stays bounded whatever the network's size).
public struct CounterQuery: Sendable, Hashable {
    public var months: [CounterSpan]
    /// The customer (the records' `library`); nil counts every library together.
    public var library: String?
    /// The most ``CounterCount``s returned, by month then asset id; ``CounterUsage/truncated`` says when more exist.
    public var maximumCounts: Int

    public init(months: [CounterSpan], library: String?, maximumCounts: Int = 200_000) {
        self.months = months
        self.library = library
        self.maximumCounts = maximumCounts
    }
}

/// The answer to a ``CounterQuery``.
public struct CounterUsage: Sendable, Hashable {
    /// One count per month and item with at least one counted request, sorted by month then asset id.
    public var counts: [CounterCount]
    /// Whether counts beyond ``CounterQuery/maximumCounts`` were left out.
    public var truncated: Bool
    /// The time of the oldest record the store holds (nil when it holds none): months before it have no data.
    public var oldestRecord: Date?

    public init(counts: [CounterCount], truncated: Bool, oldestRecord: Date?) {
        self.counts = counts
        self.truncated = truncated
        self.oldestRecord = oldestRecord
    }
}
