/// The request header values that steer conditional and range processing, as received.
///
/// When a field occurs on several lines, join the values with `", "` before passing them in
/// (RFC 9110 §5.3). A `nil` value means the field is absent.
public struct ConditionalHeaders: Sendable {
    /// `Range`
    public var range: String?
    /// `If-Range`
    public var ifRange: String?
    /// `If-Match`
    public var ifMatch: String?
    /// `If-None-Match`
    public var ifNoneMatch: String?
    /// `If-Modified-Since`
    public var ifModifiedSince: String?
    /// `If-Unmodified-Since`
    public var ifUnmodifiedSince: String?

    /// Creates the set of headers; omitted ones are absent.
    public init(
        range: String? = nil, ifRange: String? = nil, ifMatch: String? = nil, ifNoneMatch: String? = nil,
        ifModifiedSince: String? = nil, ifUnmodifiedSince: String? = nil
    ) {
        self.range = range
        self.ifRange = ifRange
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
    }
}
