public import Foundation

/// Who a report is for: a member library (COUNTER's customer, the records' `library`).
public struct CounterInstitution: Sendable, Hashable {
    /// The library's id, the `customer_id` of the COUNTER_SUSHI API.
    public var customerID: String
    public var name: String

    public init(customerID: String, name: String) {
        self.customerID = customerID
        self.name = name
    }
}

/// The platform reports are about: the gateway.
public struct CounterPlatform: Sendable, Hashable {
    /// `Platform` in every report item.
    public var name: String
    /// The namespace of proprietary identifiers (`ns:value`; 1–17 letters, digits, `_./`).
    public var namespace: String
    /// `Created_By`.
    public var createdBy: String
    /// The platform's COUNTER Registry record, empty until the network registers the gateway.
    public var registryRecord: String

    public init(name: String, namespace: String, createdBy: String, registryRecord: String = "") {
        self.name = name
        self.namespace = namespace
        self.createdBy = createdBy
        self.registryRecord = registryRecord
    }
}

/// What the catalog says about an item, as reports show it.
public struct CounterItemInfo: Sendable, Hashable {
    public var title: String
    /// The member library that contributed the item (its name).
    public var publisher: String
    public var dataType: CounterDataType
    public var accessType: CounterAccessType

    public init(title: String, publisher: String, dataType: CounterDataType, accessType: CounterAccessType) {
        self.title = title
        self.publisher = publisher
        self.dataType = dataType
        self.accessType = accessType
    }
}

/// What a harvester asked for beyond the period: attributes to show and filters (nil: not filtered).
public struct CounterReportOptions: Sendable, Hashable {
    public var attributesToShow: [CounterAttribute] = []
    public var dataTypes: [String]?
    public var accessTypes: [String]?
    public var accessMethods: [String]?
    public var metricTypes: [CounterMetric]?

    public init(
        attributesToShow: [CounterAttribute] = [], dataTypes: [String]? = nil, accessTypes: [String]? = nil,
        accessMethods: [String]? = nil, metricTypes: [CounterMetric]? = nil
    ) {
        self.attributesToShow = attributesToShow
        self.dataTypes = dataTypes
        self.accessTypes = accessTypes
        self.accessMethods = accessMethods
        self.metricTypes = metricTypes
    }
}

/// A COUNTER Release 5.1 report (PR, TR or IR) as a value: the header and the items, rendered as the JSON of the
/// COUNTER_SUSHI API (``json()``) or as the tabular (TSV) form (``tsv()``). Made by
/// ``build(kind:institution:platform:period:options:usage:items:exceptions:created:)`` from counts and catalog
/// metadata, without I/O.
public struct CounterReport: Sendable, Hashable {
    public var kind: CounterReportKind
    public var institution: CounterInstitution
    public var platform: CounterPlatform
    /// The months reported: the period's `begin` through `end` (tabular reports have a column for each).
    public var months: [CounterMonth]
    public var options: CounterReportOptions
    public var exceptions: [CounterException]
    public var created: Date
    /// The report items: one per item (TR, IR), or one for the platform (PR).
    public var items: [Item]

    /// One line of the report: an item (or the platform) and its attributes and counts.
    public struct Item: Sendable, Hashable {
        /// The item's title (TR, IR); nil in the Platform Report.
        public var title: String?
        public var publisher: String?
        /// The item's proprietary id (`ns:assetID`).
        public var proprietaryID: String?
        public var attributePerformance: [AttributePerformance]
    }

    /// Counts of one combination of attributes: metric → month → count, zero counts left out.
    public struct AttributePerformance: Sendable, Hashable {
        public var dataType: CounterDataType
        public var yop: String?
        public var accessType: CounterAccessType?
        public var accessMethod: String?
        public var performance: [CounterMetric: [CounterMonth: Int]]
    }

    /// The metrics of the report, after `metric_type`.
    public var metrics: [CounterMetric] {
        let all = kind.metrics
        guard let chosen = options.metricTypes else { return all }
        return all.filter(chosen.contains)
    }

    /// The sum of `metric` over every item and month (what a harvester's totals come to).
    public func total(_ metric: CounterMetric) -> Int {
        items.reduce(0) { sum, item in
            sum + item.attributePerformance.reduce(0) { $0 + ($1.performance[metric]?.values.reduce(0, +) ?? 0) }
        }
    }

    /// Builds the report of `period` from `usage` (the store's counts for `period.available`) and `items` (catalog
    /// metadata by asset id; an id missing from it is shown by its id).
    ///
    /// `exceptions` (those of the request: unknown parameters, invalid filter values) come first, then the period's
    /// (3031, 3032), 3040 when the counts were truncated, and 3030 when no item has usage in the months available.
    public static func build(
        kind: CounterReportKind, institution: CounterInstitution, platform: CounterPlatform, period: CounterPeriod,
        options: CounterReportOptions, usage: CounterUsage, items: [String: CounterItemInfo],
        exceptions: [CounterException], created: Date
    ) -> CounterReport {
        var report = CounterReport(
            kind: kind, institution: institution, platform: platform, months: CounterMonth.through(period.begin, period.end),
            options: options, exceptions: exceptions + period.exceptions, created: created, items: [])
        let metrics = report.metrics
        let shown = Set(options.attributesToShow)
        let accessMethod = "Regular"
        let accessMethodAllowed = options.accessMethods.map { $0.contains(accessMethod) } ?? true

        /// The attribute combination an item is counted under, or nil when a filter leaves it out.
        func attributes(of info: CounterItemInfo) -> AttributePerformance? {
            let dataType = kind == .tr ? info.dataType.titleDataType : info.dataType
            if let wanted = options.dataTypes, !wanted.contains(dataType.rawValue) { return nil }
            if kind != .pr, let wanted = options.accessTypes, !wanted.contains(info.accessType.rawValue) { return nil }
            guard accessMethodAllowed else { return nil }
            return AttributePerformance(
                dataType: dataType,
                yop: kind != .pr && shown.contains(.yop) ? "0001" : nil,  // unknown year of publication
                accessType: kind != .pr && shown.contains(.accessType) ? info.accessType : nil,
                accessMethod: shown.contains(.accessMethod) ? accessMethod : nil,
                performance: [:])
        }

        func add(_ count: CounterCount, to performance: inout [CounterMetric: [CounterMonth: Int]]) {
            for metric in metrics {
                let value = metric.value(in: count)
                if value > 0 { performance[metric, default: [:]][count.month, default: 0] += value }
            }
        }

        func info(_ assetID: String) -> CounterItemInfo {
            items[assetID] ?? CounterItemInfo(title: assetID, publisher: "", dataType: .unspecified, accessType: .controlled)
        }

        switch kind {
        case .pr:
            var byAttributes: [AttributePerformance: [CounterMetric: [CounterMonth: Int]]] = [:]
            for count in usage.counts {
                guard let key = attributes(of: info(count.assetID)) else { continue }
                add(count, to: &byAttributes[key, default: [:]])
            }
            let performances = byAttributes.compactMap { key, performance -> AttributePerformance? in
                guard !performance.isEmpty else { return nil }
                var entry = key
                entry.performance = performance
                return entry
            }.sorted { ($0.dataType, $0.accessMethod ?? "") < ($1.dataType, $1.accessMethod ?? "") }
            if !performances.isEmpty {
                report.items = [Item(title: nil, publisher: nil, proprietaryID: nil, attributePerformance: performances)]
            }
        case .tr, .ir:
            var order: [String] = []
            var byItem: [String: AttributePerformance] = [:]
            for count in usage.counts {
                let itemInfo = info(count.assetID)
                if byItem[count.assetID] == nil {
                    guard let key = attributes(of: itemInfo) else { continue }
                    byItem[count.assetID] = key
                    order.append(count.assetID)
                }
                add(count, to: &byItem[count.assetID]!.performance)
            }
            report.items = order.compactMap { assetID -> (String, Item)? in
                guard let performance = byItem[assetID], !performance.performance.isEmpty else { return nil }
                let itemInfo = info(assetID)
                return (assetID, Item(
                    title: itemInfo.title, publisher: itemInfo.publisher, proprietaryID: platform.namespace + ":" + assetID,
                    attributePerformance: [performance]))
            }.sorted { ($0.1.title ?? "", $0.0) < ($1.1.title ?? "", $1.0) }.map(\.1)
        }

        if usage.truncated {
            report.exceptions.append(
                .partialData("the report holds at most the first \(usage.counts.count) item-months; ask for fewer months"))
        }
        if report.items.isEmpty && !period.available.isEmpty {
            report.exceptions.append(.noUsage("no usage of \(institution.customerID) from \(period.available.first!) to \(period.available.last!)"))
        }
        return report
    }
}
