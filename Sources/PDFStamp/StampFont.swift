/// The TrueType font whose glyphs are embedded (as a subset) in the cover and watermark.
public struct StampFont: Sendable, Equatable {
    /// A `.ttf` file or a TrueType collection (`.ttc`).
    public var path: String
    /// The face inside a collection (0 for a single font).
    public var faceIndex: Int

    public init(path: String, faceIndex: Int = 0) {
        self.path = path
        self.faceIndex = faceIndex
    }

    /// WenQuanYi Micro Hei from Debian's `fonts-wqy-microhei` (CJK and Latin; face 0 is the proportional one).
    public static let wenQuanYiMicroHei = StampFont(
        path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", faceIndex: 0)
}
