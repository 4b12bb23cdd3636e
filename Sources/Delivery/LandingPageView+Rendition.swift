extension LandingPageView {
    /// A transcoded version of a recording that the page's player may choose (one `<source>` element).
    public struct Rendition: Sendable, Hashable {
        /// Where it is played from, relative to the page, e.g. `/d/TOKEN/renditions/video-h264-720p`.
        public var url: String
        /// Its MIME type, e.g. `video/mp4` or `audio/mp4`, so the browser skips what it cannot play.
        public var contentType: String

        public init(url: String, contentType: String) {
            self.url = url
            self.contentType = contentType
        }
    }
}
