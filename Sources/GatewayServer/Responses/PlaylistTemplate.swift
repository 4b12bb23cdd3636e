import Hummingbird
import NIOCore
import Transcoding

/// An HLS playlist without credentials, made once per (content, profile) from the checked duration and kept in
/// memory; each response streams it with the caller's query string after every segment URI, in chunks of at most
/// ``chunkSize`` bytes with back-pressure, so neither a long item nor many players grow memory.
struct PlaylistTemplate: Sendable {
    /// The playlist text, segment URIs without a query (`0.ts`, `1.ts`, …).
    let text: [UInt8]
    let segmentCount: Int
    var byteCount: Int { text.count }

    static let chunkSize = 64 * 1024

    init(durationSeconds: Double, segmentSeconds: Int) {
        let playlist = HLSPlaylist.make(duration: durationSeconds, segmentSeconds: segmentSeconds) { "\($0).ts" }
        text = Array(playlist.utf8)
        segmentCount = HLSPlaylist.segmentCount(duration: durationSeconds, segmentSeconds: segmentSeconds)
    }

    /// The length of the playlist with `query` (`?…` or empty) after each of its segment URIs.
    func length(query: String) -> Int { text.count + segmentCount * query.utf8.count }

    /// A response body writing the playlist with `query` after each segment URI.
    func body(query: String) -> ResponseBody {
        let text = self.text
        let suffix = Array(query.utf8)
        return ResponseBody(contentLength: length(query: query)) { writer in
            var chunk = ByteBuffer()
            chunk.reserveCapacity(Self.chunkSize + 1024)
            var lineStart = 0
            while lineStart < text.count {
                let lineEnd = text[lineStart...].firstIndex(of: 0x0a) ?? text.count
                chunk.writeBytes(text[lineStart..<lineEnd])
                // A line that is not a tag (`#…`) is a segment URI.
                if lineEnd > lineStart, text[lineStart] != 0x23 { chunk.writeBytes(suffix) }
                if lineEnd < text.count { chunk.writeInteger(UInt8(0x0a)) }
                lineStart = lineEnd + 1
                if chunk.readableBytes >= Self.chunkSize {
                    try await writer.write(chunk)
                    chunk = ByteBuffer()
                    chunk.reserveCapacity(Self.chunkSize + 1024)
                }
            }
            if chunk.readableBytes > 0 { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
    }
}
