/// What the console's overview shows for a period: requests per day, library and collection by action, refusals by
/// reason and the most requested items — read from the daily counts, never from the records themselves.
public struct UsageSummary: Sendable, Hashable {
    /// One day, library or collection: allowed requests by action, refused requests, all requests, bytes.
    public struct Breakdown: Sendable, Hashable {
        public var key: String
        /// Allowed requests by action (`read`, `download`, `stream`, `deliver`, …).
        public var allowed: [String: Int]
        public var denied: Int
        public var requests: Int
        public var bytes: Int64

        public init(key: String, allowed: [String: Int] = [:], denied: Int = 0, requests: Int = 0, bytes: Int64 = 0) {
            self.key = key
            self.allowed = allowed
            self.denied = denied
            self.requests = requests
            self.bytes = bytes
        }

        /// Every allowed request.
        public var allowedTotal: Int { allowed.values.reduce(0, +) }
    }

    /// Refused requests of one rule and status (`rule` empty when no rule decided: the default deny, a quota, a
    /// revoked delivery).
    public struct Refusal: Sendable, Hashable {
        public var rule: String
        public var status: Int
        public var requests: Int

        public init(rule: String, status: Int, requests: Int) {
            self.rule = rule
            self.status = status
            self.requests = requests
        }
    }

    /// An item and its allowed requests in the period.
    public struct Item: Sendable, Hashable {
        public var asset: String
        public var requests: Int

        public init(asset: String, requests: Int) {
            self.asset = asset
            self.requests = requests
        }
    }

    /// Days with requests, in order.
    public var days: [Breakdown] = []
    /// Libraries with requests, by key.
    public var libraries: [Breakdown] = []
    /// Collections with requests, by key.
    public var collections: [Breakdown] = []
    /// Refusals, most first.
    public var refusals: [Refusal] = []
    /// The most requested items, most first (ties by id).
    public var topItems: [Item] = []

    public init() {}

    /// Every request of the period.
    public var totals: Breakdown {
        days.reduce(into: Breakdown(key: "total")) { total, day in
            for (action, count) in day.allowed { total.allowed[action, default: 0] += count }
            total.denied += day.denied
            total.requests += day.requests
            total.bytes += day.bytes
        }
    }

    /// Adds one grouped row of the daily counts to `rows` (kept sorted by key by the query's order).
    package static func add(
        to rows: inout [Breakdown], key: String, action: String, decision: String, requests: Int, bytes: Int64
    ) {
        if rows.last?.key != key { rows.append(Breakdown(key: key)) }
        let index = rows.count - 1
        if decision == "allow" { rows[index].allowed[action, default: 0] += requests }
        if decision == "deny" { rows[index].denied += requests }
        rows[index].requests += requests
        rows[index].bytes += bytes
    }
}
