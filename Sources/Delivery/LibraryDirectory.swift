/// The display settings of the network's libraries, keyed by library id: names, copyright notices and contact
/// details for the patron-facing pages. Administrators edit them in `Config/libraries.yaml`; see
/// ``load(contentsOf:)``.
public struct LibraryDirectory: Sendable, Hashable {
    /// Where the gateway looks for the file, relative to the directory it is started in.
    public static let defaultPath = "Config/libraries.yaml"

    /// Every listed library by id.
    public private(set) var libraries: [String: LibraryInfo]
    /// The notice for libraries that write none, and for libraries the directory does not list.
    public var defaultCopyrightNotice: LibraryInfo.Text

    /// - Parameters:
    ///   - libraries: the listed libraries; a later entry with the same id replaces an earlier one.
    ///   - defaultCopyrightNotice: the notice for unlisted libraries.
    public init(
        libraries: [LibraryInfo] = [], defaultCopyrightNotice: LibraryInfo.Text = LibraryInfo.genericCopyrightNotice
    ) {
        self.libraries = Dictionary(libraries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.defaultCopyrightNotice = defaultCopyrightNotice
    }

    /// The library with `id`; for an id the directory does not list, a stand-in named by the id itself with the
    /// default notice and no contact details, so a page can always be drawn.
    public func library(id: String) -> LibraryInfo {
        libraries[id] ?? LibraryInfo.fallback(id: id, copyrightNotice: defaultCopyrightNotice)
    }

    /// Whether the directory lists `id`.
    public func contains(id: String) -> Bool { libraries[id] != nil }

    /// The listed ids in alphabetical order.
    public var ids: [String] { libraries.keys.sorted() }
}
