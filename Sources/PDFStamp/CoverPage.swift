/// The copyright cover page put in front of a stamped copy: a heading, label/value rows, paragraphs and a footer.
///
/// Text may mix Chinese and Latin script. Lines wrap to the page (Chinese between any two characters, Latin at
/// spaces, a word longer than a line between characters); a line break (`\n`) in any field starts a new line. When
/// everything does not fit on an A4 page at the normal sizes, all sizes shrink together (to half); only beyond that
/// does the cover continue on a second page.
public struct CoverPage: Sendable, Equatable {
    /// One line of the table under the heading, e.g. `读者 Reader` / `王小明（R-****24）`.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public var heading: String
    public var rows: [Row]
    public var paragraphs: [String]
    /// Small print at the bottom of the page (e.g. the legal basis), repeated on every page of the cover.
    public var footer: String?

    public init(heading: String, rows: [Row] = [], paragraphs: [String] = [], footer: String? = nil) {
        self.heading = heading
        self.rows = rows
        self.paragraphs = paragraphs
        self.footer = footer
    }
}
