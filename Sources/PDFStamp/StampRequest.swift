/// What a stamped copy gets: a cover page, a watermark line on every original page, or both.
public struct StampRequest: Sendable, Equatable {
    /// The page put in front of the original's pages (nil: none).
    public var cover: CoverPage?
    /// One line drawn in the bottom margin of every original page, e.g.
    /// `仅供 王小明（R-****24）个人学习研究使用 · 齐齐哈尔图书馆 · 2026-12-07 · dlv_…` (nil: none). Line breaks become
    /// spaces; a line too long for a narrow page is made smaller, then wrapped.
    public var watermark: String?
    /// The font embedded for both.
    public var font: StampFont

    public init(cover: CoverPage? = nil, watermark: String? = nil, font: StampFont = .wenQuanYiMicroHei) {
        self.cover = cover
        self.watermark = watermark
        self.font = font
    }
}
