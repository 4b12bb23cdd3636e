/// What to send for a GET or HEAD of a representation, decided by ``ResponsePlanner``.
public enum ResponsePlan: Sendable, Equatable {
    /// 200 with the whole representation.
    case full
    /// 304 Not Modified (no body).
    case notModified
    /// 412 Precondition Failed.
    case preconditionFailed
    /// 206 with one range: `Content-Range: bytes a-b/len`, never multipart.
    case partial(ByteRange)
    /// 206 with a `multipart/byteranges` body laid out exactly.
    case multipart(MultipartLayout)
    /// 416; send `Content-Range: bytes */len` (see ``ByteRange/unsatisfiedContentRange(totalLength:)``).
    case rangeNotSatisfiable
}
