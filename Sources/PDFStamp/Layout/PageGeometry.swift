/// A page of the original as a reader sees it: the visible box (the crop box, within the media box) turned by the
/// page's `/Rotate`. Gives the size of the watermark page drawn for it and the matrix that puts such a drawing —
/// origin at the bottom left of the page as shown, x to the right, y up — onto the page's own user space, so the
/// watermark stands upright along the bottom edge the reader sees, whatever the rotation and wherever the box starts.
struct PageGeometry: Equatable {
    /// The visible box, in user space: llx, lly, urx, ury with llx < urx and lly < ury.
    let box: [Double]
    /// 0, 90, 180 or 270: how far the viewer turns the page clockwise.
    let rotate: Int

    /// A4 portrait, for a page without a usable box.
    static let a4: [Double] = [0, 0, 595, 842]

    init(mediaBox: [Double]?, cropBox: [Double]?, rotate: Int) {
        let media = mediaBox.flatMap(Self.normalized)
        let crop = cropBox.flatMap(Self.normalized)
        switch (media, crop) {
        case (let media?, let crop?): box = Self.intersection(media, crop) ?? media
        case (let media?, nil): box = media
        case (nil, let crop?): box = crop
        case (nil, nil): box = Self.a4
        }
        // As viewers read it (pdf.js, poppler): a multiple of 90 taken modulo 360, anything else as 0.
        self.rotate = rotate % 90 == 0 ? (rotate % 360 + 360) % 360 : 0
    }

    /// Width and height of the page as shown.
    var displaySize: (width: Double, height: Double) {
        let width = box[2] - box[0]
        let height = box[3] - box[1]
        return rotate == 90 || rotate == 270 ? (height, width) : (width, height)
    }

    /// The size of the watermark page for this page, rounded down to whole points so that pages of nearly the same
    /// size share one (the watermark is centred on it, so it moves by less than half a point).
    var overlaySize: OverlaySize {
        let (width, height) = displaySize
        return OverlaySize(width: max(1, Int(min(width, 1e6))), height: max(1, Int(min(height, 1e6))))
    }

    /// `a b c d e f` of the `cm` that maps the page as shown onto user space: the shown bottom-left corner, and the
    /// user-space directions of "right" and "up" on screen (a viewer turns the page clockwise by `rotate`).
    var displayToUser: [Double] {
        let (x0, y0, x1, y1) = (box[0], box[1], box[2], box[3])
        switch rotate {
        case 90: return [0, 1, -1, 0, x1, y0]
        case 180: return [-1, 0, 0, -1, x1, y1]
        case 270: return [0, -1, 1, 0, x0, y1]
        default: return [1, 0, 0, 1, x0, y0]
        }
    }

    private static func normalized(_ rectangle: [Double]) -> [Double]? {
        guard rectangle.count == 4, rectangle.allSatisfy(\.isFinite) else { return nil }
        let box = [
            min(rectangle[0], rectangle[2]), min(rectangle[1], rectangle[3]), max(rectangle[0], rectangle[2]),
            max(rectangle[1], rectangle[3]),
        ]
        return box[2] - box[0] > 0 && box[3] - box[1] > 0 ? box : nil
    }

    private static func intersection(_ a: [Double], _ b: [Double]) -> [Double]? {
        let box = [max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])]
        return box[2] > box[0] && box[3] > box[1] ? box : nil
    }
}

/// The size of a watermark page, in whole points.
struct OverlaySize: Hashable, Comparable {
    var width: Int
    var height: Int

    static func < (a: OverlaySize, b: OverlaySize) -> Bool { (a.width, a.height) < (b.width, b.height) }
}
