/// What a signed link lets its holder do with one asset.
public enum LinkAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// View the original in the browser (`Content-Disposition: inline`).
    case read
    /// Save the original or a rendition as a file (`Content-Disposition: attachment`).
    case download
    /// Play renditions and HLS only; never the original file ("may play, may not download").
    case stream
}
