/// Pure sizing and frame-rate rules for video renditions.
public enum RenditionGeometry {
    /// The output size for a source of `width`×`height` (with pixel aspect `sampleAspect`) fitted
    /// into `maxWidth`×`maxHeight`: aspect kept, never upscaled, both sides even (H.264 4:2:0 needs it),
    /// square pixels.
    public static func fit(
        width: Int, height: Int, sampleAspect: Double = 1, maxWidth: Int, maxHeight: Int
    ) -> (width: Int, height: Int) {
        let sar = sampleAspect.isFinite && sampleAspect > 0 ? sampleAspect : 1
        let displayWidth = Double(width) * sar
        let displayHeight = Double(height)
        let scale = min(1, Double(maxWidth) / displayWidth, Double(maxHeight) / displayHeight)
        func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
        var outWidth = even(displayWidth * scale)
        var outHeight = even(displayHeight * scale)
        // Rounding up to even must never exceed the source or the limits.
        while outWidth > maxWidth || Double(outWidth) > displayWidth.rounded() { outWidth -= 2 }
        while outHeight > maxHeight || outHeight > height { outHeight -= 2 }
        return (max(2, outWidth), max(2, outHeight))
    }

    /// The output frame rate as a fraction: the source rate when it is known and within `cap`, else `cap`.
    public static func frameRate(sourceNumerator: Int, sourceDenominator: Int, cap: Int) -> (num: Int, den: Int) {
        guard sourceNumerator > 0, sourceDenominator > 0 else { return (cap, 1) }
        let rate = Double(sourceNumerator) / Double(sourceDenominator)
        if rate > Double(cap) + 0.01 || rate < 1 { return (cap, 1) }
        return (sourceNumerator, sourceDenominator)
    }

    /// Frames between forced keyframes for `seconds` at `fps`.
    public static func keyframeInterval(seconds: Double, fps: (num: Int, den: Int)) -> Int {
        max(1, Int((seconds * Double(fps.num) / Double(fps.den)).rounded()))
    }
}
