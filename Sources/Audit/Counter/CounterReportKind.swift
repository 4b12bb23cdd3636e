/// The COUNTER R5.1 reports the gateway offers: the Platform, Title and Item Reports (their standard views, for
/// journals and books, do not describe a local-documents store).
public enum CounterReportKind: String, Sendable, Hashable, CaseIterable {
    case pr, tr, ir

    /// `PR`, `TR`, `IR`.
    public var reportID: String { rawValue.uppercased() }

    public var reportName: String {
        switch self {
        case .pr: return "Platform Report"
        case .tr: return "Title Report"
        case .ir: return "Item Report"
        }
    }

    public var reportDescription: String {
        switch self {
        case .pr: return "Requests of the member library's readers across the gateway, by data type."
        case .tr: return "Requests and refusals of the member library's readers, by title (catalog item)."
        case .ir: return "Requests and refusals of the member library's readers, by item."
        }
    }

    /// The metrics the report carries (the Code of Practice's metrics for the report that the gateway can count;
    /// access-denied metrics belong to the Title and Item Reports, not to the Platform Report).
    public var metrics: [CounterMetric] {
        switch self {
        case .pr:
            return [.totalItemInvestigations, .totalItemRequests, .uniqueItemInvestigations, .uniqueItemRequests]
        case .tr, .ir:
            return [.limitExceeded, .noLicense, .totalItemInvestigations, .totalItemRequests, .uniqueItemInvestigations,
                .uniqueItemRequests]
        }
    }

    /// Attributes a harvester may ask for with `attributes_to_show` (`Data_Type` is always shown).
    public var optionalAttributes: [CounterAttribute] {
        switch self {
        case .pr: return [.accessMethod]
        case .tr, .ir: return [.yop, .accessType, .accessMethod]
        }
    }
}

/// A COUNTER metric type the gateway reports (see ``CounterCount`` for how each is counted).
public enum CounterMetric: String, Sendable, Hashable, CaseIterable, Comparable {
    case limitExceeded = "Limit_Exceeded"
    case noLicense = "No_License"
    case totalItemInvestigations = "Total_Item_Investigations"
    case totalItemRequests = "Total_Item_Requests"
    case uniqueItemInvestigations = "Unique_Item_Investigations"
    case uniqueItemRequests = "Unique_Item_Requests"

    /// This metric's value in `count`: the gateway records only full-content uses, so investigations equal requests.
    public func value(in count: CounterCount) -> Int {
        switch self {
        case .limitExceeded: return count.limitExceeded
        case .noLicense: return count.noLicense
        case .totalItemInvestigations, .totalItemRequests: return count.totalItemRequests
        case .uniqueItemInvestigations, .uniqueItemRequests: return count.uniqueItemRequests
        }
    }

    public static func < (lhs: CounterMetric, rhs: CounterMetric) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Report attributes (columns in tabular reports, keys of `Attribute_Performance` in JSON), in the Code of Practice's
/// order.
public enum CounterAttribute: String, Sendable, Hashable, CaseIterable {
    case dataType = "Data_Type"
    case yop = "YOP"
    case accessType = "Access_Type"
    case accessMethod = "Access_Method"
}

/// The COUNTER `Data_Type` of an item. The catalog knows an item's media kind, not its genre: documents (PDF, EPUB,
/// text) are `Unspecified`; images, sound and video are `Image`, `Sound` and `Audiovisual` in the Platform and Item
/// Reports and `Other` in the Title Report, whose data types are those of titles (books, journals, reports …).
public enum CounterDataType: String, Sendable, Hashable, CaseIterable, Comparable {
    case audiovisual = "Audiovisual"
    case image = "Image"
    case other = "Other"
    case sound = "Sound"
    case unspecified = "Unspecified"

    /// The data type a title of this item has in the Title Report.
    public var titleDataType: CounterDataType {
        switch self {
        case .unspecified, .other: return self
        case .audiovisual, .image, .sound: return .other
        }
    }

    public static func < (lhs: CounterDataType, rhs: CounterDataType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// COUNTER `Access_Type`: `Open` for items the catalog marks open (public domain, openly licensed), `Controlled` for
/// the rest.
public enum CounterAccessType: String, Sendable, Hashable, CaseIterable {
    case controlled = "Controlled"
    case open = "Open"
    case freeToRead = "Free_To_Read"
}
