/// An HTTP entity tag (RFC 9110 §8.8.3): an opaque validator, optionally marked weak.
///
/// The opaque part is stored without its quotes. Comparison functions follow RFC 9110 §8.8.3.2:
/// ``matchesStrongly(_:)`` for `If-Match` and `If-Range`, ``matchesWeakly(_:)`` for `If-None-Match`.
public struct EntityTag: Sendable, Hashable {
    /// The opaque tag without the surrounding double quotes, e.g. `abc` for `"abc"`.
    public var opaque: String
    /// `true` for a weak validator (`W/"…"`).
    public var isWeak: Bool

    /// Creates an entity tag.
    /// - Parameters:
    ///   - opaque: the tag without quotes; it should consist of `etagc` characters (no `"`, no controls, no spaces).
    ///   - isWeak: whether the tag is weak.
    public init(opaque: String, isWeak: Bool = false) {
        self.opaque = opaque
        self.isWeak = isWeak
    }

    /// The tag as it appears in an `ETag` header: `"opaque"` or `W/"opaque"`.
    public var headerValue: String {
        isWeak ? "W/\"\(opaque)\"" : "\"\(opaque)\""
    }

    /// Strong comparison (RFC 9110 §8.8.3.2): both tags are strong and their opaque parts are identical.
    public func matchesStrongly(_ other: EntityTag) -> Bool {
        !isWeak && !other.isWeak && opaque == other.opaque
    }

    /// Weak comparison (RFC 9110 §8.8.3.2): the opaque parts are identical, weakness ignored.
    public func matchesWeakly(_ other: EntityTag) -> Bool {
        opaque == other.opaque
    }

    /// Parses a comma-separated list of entity tags, as in `If-Match` or `If-None-Match`.
    ///
    /// Empty list elements and optional whitespace around commas are tolerated (RFC 9110 §5.6.1.2).
    /// - Returns: the tags in order (possibly empty for a value such as `","`), or `nil` when the value is
    ///   malformed **or is the wildcard `*`**. Use ``EntityTagList/parse(_:)`` to tell `*` apart.
    public static func parseList(_ header: String) -> [EntityTag]? {
        switch EntityTagList.parse(header) {
        case .tags(let tags): tags
        case .any, nil: nil
        }
    }

    /// Parses exactly one entity tag (e.g. an `ETag` or `If-Range` value); surrounding whitespace is allowed.
    /// - Returns: `nil` unless the whole value is one well-formed entity tag.
    public init?(headerValue: String) {
        var value = headerValue
        let parsed: EntityTag? = value.withUTF8 { buffer in
            let bytes = ASCII.trimmingOWS(buffer[...])
            var index = bytes.startIndex
            guard let tag = EntityTagList.scanTag(bytes, at: &index), index == bytes.endIndex else {
                return nil
            }
            return tag
        }
        guard let parsed else { return nil }
        self = parsed
    }
}
