/// What a delivered or linked PDF carries (`stamp` in a rule's limits): a copyright cover page, a watermark line with
/// the reader's name on every page, both, or nothing. Matching rules' stamps combine by union (one rule's `cover` and
/// another's `watermark` give `cover+watermark`; `none` adds nothing).
public struct PolicyStamp: Sendable, Hashable, CustomStringConvertible {
    public var cover: Bool
    public var watermark: Bool

    public init(cover: Bool = false, watermark: Bool = false) {
        self.cover = cover
        self.watermark = watermark
    }

    public static let none = PolicyStamp()

    /// Whether anything is stamped.
    public var isEmpty: Bool { !cover && !watermark }

    /// The file spelling: `none`, `cover`, `watermark` or `cover+watermark`.
    public var description: String {
        switch (cover, watermark) {
        case (false, false): "none"
        case (true, false): "cover"
        case (false, true): "watermark"
        case (true, true): "cover+watermark"
        }
    }

    /// Parses the file spelling (`watermark+cover` is accepted too); nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "none": self.init()
        case "cover": self.init(cover: true)
        case "watermark": self.init(watermark: true)
        case "cover+watermark", "watermark+cover": self.init(cover: true, watermark: true)
        default: return nil
        }
    }

    /// What both stamps put on a copy.
    public func union(_ other: PolicyStamp) -> PolicyStamp {
        PolicyStamp(cover: cover || other.cover, watermark: watermark || other.watermark)
    }
}
