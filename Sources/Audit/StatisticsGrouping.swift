/// The dimension a usage report is grouped by.
public enum StatisticsGrouping: String, Sendable, CaseIterable {
    /// One row per member library.
    case library
    /// One row per collection.
    case collection
    /// One row per calendar day (`yyyy-MM-dd`) in the report's time zone.
    case day
    /// One row per action (`stream`, `download`, …).
    case action
}
