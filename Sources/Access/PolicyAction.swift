/// What a request wants to do with an asset, as policy rules name it.
///
/// `read`, `download` and `stream` are what a signed link or API call asks for (see ``LinkAction``); `deliver` is
/// making an interlibrary delivery (`POST /deliveries`). In policy files `all` stands for every action.
public enum PolicyAction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// View the original in the browser.
    case read
    /// Save the original or a rendition as a file.
    case download
    /// Play renditions and HLS only.
    case stream
    /// Send the asset to a patron of another library as an interlibrary delivery.
    case deliver

    /// The policy action a signed link's action asks for.
    public init(_ action: LinkAction) {
        switch action {
        case .read: self = .read
        case .download: self = .download
        case .stream: self = .stream
        }
    }

    public var description: String { rawValue }

    /// Dense index (0..<4) for lookup tables.
    var index: Int {
        switch self {
        case .read: return 0
        case .download: return 1
        case .stream: return 2
        case .deliver: return 3
        }
    }
}
