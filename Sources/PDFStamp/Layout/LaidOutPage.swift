/// A page of the cover or of the watermark, laid out: what text goes where, in PDF units (points, y up).
struct LaidOutPage: Equatable {
    var width: Double
    var height: Double
    var texts: [PlacedText] = []
    var rules: [PlacedRule] = []
}

/// One line of text at a baseline position.
struct PlacedText: Equatable {
    var text: String
    var x: Double
    /// The baseline.
    var y: Double
    var size: Double
    /// 0 is black, 1 white.
    var gray: Double
    /// Drawn heavier (filled and stroked): the cover's heading.
    var emphasis: Bool = false
}

/// A straight line (the rule under the cover's heading).
struct PlacedRule: Equatable {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
    var lineWidth: Double
    var gray: Double
}
