/// The value of an `If-Match` or `If-None-Match` header: either `*` or a list of entity tags
/// (RFC 9110 §13.1.1, §13.1.2).
public enum EntityTagList: Sendable, Hashable {
    /// `*`: matches any current representation.
    case any
    /// An explicit list (possibly empty, e.g. for the value `,`).
    case tags([EntityTag])

    /// Parses a header value. Returns `nil` for a malformed value (a bad tag, lowercase `w/`,
    /// a space inside a tag, a missing comma, `*` mixed with tags).
    public static func parse(_ header: String) -> EntityTagList? {
        var value = header
        return value.withUTF8 { buffer in
            let bytes = ASCII.trimmingOWS(buffer[...])
            if bytes.count == 1, bytes.first == UInt8(ascii: "*") { return .any }
            var tags: [EntityTag] = []
            var index = bytes.startIndex
            while true {
                // Skip empty elements and the OWS around commas.
                while index < bytes.endIndex, ASCII.isOWS(bytes[index]) || bytes[index] == UInt8(ascii: ",") {
                    index += 1
                }
                if index == bytes.endIndex { return .tags(tags) }
                guard let tag = scanTag(bytes, at: &index) else { return nil }
                tags.append(tag)
                while index < bytes.endIndex, ASCII.isOWS(bytes[index]) { index += 1 }
                if index == bytes.endIndex { return .tags(tags) }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
            }
        }
    }

    /// Whether this condition matches `current` under strong comparison (`If-Match`).
    public func matchesStrongly(_ current: EntityTag) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains { $0.matchesStrongly(current) }
        }
    }

    /// Whether this condition matches `current` under weak comparison (`If-None-Match`).
    public func matchesWeakly(_ current: EntityTag) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains { $0.matchesWeakly(current) }
        }
    }

    /// Scans `entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE` starting at `index`; advances past it on success.
    static func scanTag(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, at index: inout Int) -> EntityTag? {
        var cursor = index
        var isWeak = false
        // RFC 9110: weak = %s"W/" — the W is case-sensitive.
        if cursor + 1 < bytes.endIndex, bytes[cursor] == UInt8(ascii: "W"), bytes[cursor + 1] == UInt8(ascii: "/") {
            isWeak = true
            cursor += 2
        }
        guard cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
        cursor += 1
        let opaqueStart = cursor
        while cursor < bytes.endIndex, bytes[cursor] != UInt8(ascii: "\"") {
            guard ASCII.isETagCharacter(bytes[cursor]) else { return nil }
            cursor += 1
        }
        guard cursor < bytes.endIndex else { return nil }  // unterminated
        let opaque = String(decoding: UnsafeBufferPointer(rebasing: bytes[opaqueStart..<cursor]), as: UTF8.self)
        index = cursor + 1
        return EntityTag(opaque: opaque, isWeak: isWeak)
    }
}
