/// What ``PDFStamper/stamp(input:output:request:workDirectory:progress:)`` made.
public struct StampResult: Sendable, Equatable {
    /// Pages of the stamped copy: the cover's pages, then the original's.
    public var pages: Int
    /// Pages of the original.
    public var originalPages: Int
    /// Pages the cover took (0 without a cover, 1 unless its text did not fit on one page).
    public var coverPages: Int
    /// The original was encrypted with an owner password only (opens without a password but restricts printing,
    /// copying or editing). The stamped copy is written without encryption: encrypted output takes random
    /// initialisation vectors, which would make two makings differ (see the module's notes).
    public var removedOwnerPassword: Bool
    /// qpdf's warnings while reading the original, e.g. what it repaired in a damaged file (at most 20).
    public var warnings: [String]

    public init(pages: Int, originalPages: Int, coverPages: Int, removedOwnerPassword: Bool, warnings: [String]) {
        self.pages = pages
        self.originalPages = originalPages
        self.coverPages = coverPages
        self.removedOwnerPassword = removedOwnerPassword
        self.warnings = warnings
    }
}
