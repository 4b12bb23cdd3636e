/// What kind of content an asset holds, sniffed from its first bytes (never trusted from the file name alone).
public enum MediaKind: String, Sendable, Hashable, Codable, CaseIterable {
    case pdf
    case epub
    case text
    case image
    case audio
    case video
    case other

    /// Whether the transcoder can make renditions of this kind.
    public var isTimeBased: Bool { self == .audio || self == .video }
}
