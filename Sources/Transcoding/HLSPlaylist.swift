/// Builds HLS VOD playlists (the whole duration at once, as RFC 8216 §4.3.3.5 `VOD` allows).
public enum HLSPlaylist {
    /// A VOD media playlist covering `duration` seconds in segments of `segmentSeconds`
    /// (the last one shorter), each at `segmentURI(index)`.
    public static func make(duration: Double, segmentSeconds: Int, segmentURI: (Int) -> String) -> String {
        let count = segmentCount(duration: duration, segmentSeconds: segmentSeconds)
        var lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-PLAYLIST-TYPE:VOD",
            // Every EXTINF rounds to at most the segment length (RFC 8216 §4.3.3.1).
            "#EXT-X-TARGETDURATION:\(segmentSeconds)",
            "#EXT-X-MEDIA-SEQUENCE:0",
        ]
        for index in 0..<count {
            let length = min(Double(segmentSeconds), duration - Double(index * segmentSeconds))
            lines.append("#EXTINF:\(formatSeconds(length)),")
            lines.append(segmentURI(index))
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }

    /// How many segments a `duration`-second asset has.
    public static func segmentCount(duration: Double, segmentSeconds: Int) -> Int {
        guard duration > 0, duration.isFinite, segmentSeconds > 0 else { return 0 }
        // Callers cap durations (max_media_duration_seconds); the clamp only keeps a wild value from trapping.
        let count = Int(LibAV.clamped(min((duration / Double(segmentSeconds)).rounded(.up), Double(Int32.max))))
        // A sliver under 1 ms is rounding noise in the container's duration, not a segment.
        if count > 1 && duration - Double((count - 1) * segmentSeconds) < 0.001 { return count - 1 }
        return count
    }

    private static func formatSeconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = millis % 1000
        let padded = String(fraction).count < 3 ? String(repeating: "0", count: 3 - String(fraction).count) + String(fraction) : String(fraction)
        return "\(millis / 1000).\(padded)"
    }
}
