import AssetStore
import Foundation
import HTTPRanges
import HTTPTypes
import NIOCore

/// What the fast path needs to answer ranges of one item on one connection, computed once: the representation the
/// planner decides against, and the bytes of every response header that does not depend on the range, exactly as
/// ``ContentResponder/plan(conditions:isHead:representation:contentDisposition:)`` sets them for the route.
///
/// A PDF viewer or media player asks for many ranges of the same item on one kept-alive connection; with this, a range
/// costs the planner's decision and three short header lines rather than re-deriving the entity tag, the
/// `Content-Disposition` encoding and every header field's validation each time.
struct PreparedContent {
    /// The catalog row the fields were derived from; a changed row (new name, type or content) prepares anew.
    let asset: Asset
    let attachment: Bool
    /// The blob file in the local store.
    let path: String
    let representation: Representation
    let contentDisposition: String
    /// `Name: value\r\n` for every field of a 200 or 206 answer that comes before `Content-Range` and
    /// `Content-Length`, in the route's order.
    let fields: [UInt8]

    init(asset: Asset, attachment: Bool, path: String) {
        self.asset = asset
        self.attachment = attachment
        self.path = path
        representation = Representation(
            length: asset.size, etag: EntityTag(opaque: asset.sha256.hex), lastModified: asset.createdAt,
            contentType: asset.contentType)
        contentDisposition = ContentDisposition.value(attachment ? .attachment : .inline, fileName: asset.originalFileName)
        // The route's own header set for a whole-item answer (HTTPFields has validated every value), minus the length.
        let full = ContentResponder.plan(
            conditions: ConditionalHeaders(), isHead: true, representation: representation,
            contentDisposition: contentDisposition)
        var bytes: [UInt8] = []
        for field in full.headers where field.name != .contentLength {
            bytes.append(contentsOf: field.name.rawName.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        fields = bytes
    }

    func matches(_ other: Asset, attachment: Bool) -> Bool {
        self.attachment == attachment && asset == other
    }

    /// The whole response head of a 200 (`range` nil) or 206 answer carrying `count` bytes, ending with the blank line.
    func head(range: ByteRange?, count: Int64, date: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: fields.count + 160)
        buffer.writeStaticString(range == nil ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 206 Partial Content\r\n")
        buffer.writeBytes(fields)
        if let range {
            buffer.writeStaticString("Content-Range: ")
            buffer.writeString(range.contentRange(totalLength: representation.length))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Content-Length: ")
        buffer.writeString(String(count))
        buffer.writeStaticString("\r\nDate: ")
        buffer.writeString(date)
        buffer.writeStaticString("\r\nServer: literature-gateway\r\n\r\n")
        return buffer
    }
}
