extension LandingPageView {
    /// How a delivered item is shown inline.
    public enum MediaKind: String, Sendable, Hashable, CaseIterable {
        /// A PDF, shown in the browser's PDF viewer.
        case pdf
        /// A picture, shown with `<img>`.
        case image
        /// A recording, played with `<audio>`.
        case audio
        /// A film, played with `<video>`.
        case video
        /// Anything else (EPUB, archives …): download only.
        case other

        /// The viewer for a catalogue media kind (`AssetStore.MediaKind.rawValue`: `pdf`, `epub`, `text`, `image`,
        /// `audio`, `video`, `other`). Kinds without an inline viewer are ``other``.
        public init(catalogKind: String) {
            self = MediaKind(rawValue: catalogKind) ?? .other
        }
    }
}
