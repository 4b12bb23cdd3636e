/// The values policy files may use for asset rights and media kinds; misspellings are reported with a suggestion.
/// The defaults are the catalogue's (`AssetStore.Rights`, `AssetStore.MediaKind`); the server may pass those
/// enums' raw values so the two never drift apart.
public struct PolicyVocabulary: Sendable, Hashable {
    public var rights: [String]
    public var mediaKinds: [String]

    public init(rights: [String], mediaKinds: [String]) {
        self.rights = rights
        self.mediaKinds = mediaKinds
    }

    /// The catalogue's values.
    public static let standard = PolicyVocabulary(
        rights: ["open", "in-copyright", "restricted"],
        mediaKinds: ["pdf", "epub", "text", "image", "audio", "video", "other"])
}
