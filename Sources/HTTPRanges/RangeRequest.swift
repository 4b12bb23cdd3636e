/// The outcome of evaluating a `Range` header against a representation length (RFC 9110 §14.1–14.2).
///
/// Rules, in the words of the gateway's contract:
/// - Only the `bytes` unit (case-insensitive) is understood; any other unit is ``ignored``.
/// - A syntactically invalid value is ``ignored`` as a whole (RFC 9110 §14.2 lets a server ignore it):
///   `bytes=abc`, `bytes=5-1`, `bytes=`, `bytes=,`, no `=`, `bytes=--5`, `bytes=+1-2`, a number beyond `Int64`,
///   spaces inside a range-spec (`bytes=0 - 4`) or around `=` (`bytes =0-4`).
/// - Optional whitespace around commas, after `=` and at the ends is accepted, and so are empty list elements
///   (`bytes=0-1,,2-3`), as RFC 9110 §5.6.1.2 asks of recipients.
/// - `a-b` with `b` past the end is clamped; `a-` runs to the end; `-n` is the last `n` bytes (the whole
///   representation when `n` exceeds it); `-0` and ranges starting at or past the end are unsatisfiable and dropped.
/// - Abuse defence (CVE-2011-3192; Apache `MaxRanges`, nginx `max_ranges`, Go): more than `maxRanges`
///   satisfiable ranges, or satisfiable ranges whose lengths sum to more than the representation length,
///   make the request ``ignored`` (a plain 200). Work is linear in the header length and stops early.
/// - The remaining ranges are sorted and overlapping or adjacent ones merged.
public enum RangeRequest: Sendable, Equatable {
    /// Serve the whole representation (no usable range request).
    case ignored
    /// Every range-spec was unsatisfiable: answer 416.
    case unsatisfiable
    /// One or more sorted, non-overlapping, non-adjacent ranges within the representation.
    case satisfiable([ByteRange])

    /// Evaluates a `Range` header value for a representation of `length` bytes.
    /// - Parameters:
    ///   - header: the field value, e.g. `bytes=0-99,-100`.
    ///   - length: the representation length; must be positive for anything but ``unsatisfiable``.
    ///   - maxRanges: the largest number of satisfiable ranges honoured (0 disables ranges).
    public static func evaluate(_ header: String, length: Int64, maxRanges: Int = ResponsePlanner.defaultMaxRanges)
        -> RangeRequest
    {
        var value = header
        return value.withUTF8 { evaluate(bytes: $0[...], length: length, maxRanges: maxRanges) }
    }

    private static func evaluate(bytes raw: Slice<UnsafeBufferPointer<UInt8>>, length: Int64, maxRanges: Int)
        -> RangeRequest
    {
        let bytes = ASCII.trimmingOWS(raw)
        // ranges-specifier = range-unit "=" range-set ; range-unit is a token, no whitespace around "=".
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return .ignored }
        let unit = bytes[bytes.startIndex..<equals]
        guard isBytesUnit(unit) else { return .ignored }

        var ranges: [ByteRange] = []
        var specCount = 0
        var sum: Int64 = 0
        var index = equals + 1
        let end = bytes.endIndex
        while true {
            // One list element: up to the next comma.
            var elementEnd = index
            while elementEnd < end, bytes[elementEnd] != UInt8(ascii: ",") { elementEnd += 1 }
            let element = ASCII.trimmingOWS(bytes[index..<elementEnd])
            if !element.isEmpty {
                specCount += 1
                switch parseSpec(element, length: length) {
                case .invalid:
                    return .ignored
                case .unsatisfiable:
                    break
                case .satisfiable(let range):
                    // Abuse defence: bail out as soon as a limit is crossed; the answer is 200 either way.
                    if ranges.count >= maxRanges || range.count > length - sum { return .ignored }
                    sum += range.count
                    ranges.append(range)
                }
            }
            if elementEnd == end { break }
            index = elementEnd + 1
        }
        guard specCount > 0 else { return .ignored }  // range-set = 1#range-spec
        guard !ranges.isEmpty else { return .unsatisfiable }
        return .satisfiable(coalesce(ranges))
    }

    private static func isBytesUnit(_ unit: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard unit.count == 5 else { return false }
        var index = unit.startIndex
        for expected in "bytes".utf8 {
            // ASCII case folding: setting bit 0x20 maps A-Z onto a-z and leaves a-z alone.
            guard unit[index] | 0x20 == expected else { return false }
            index += 1
        }
        return true
    }

    private enum Spec {
        case invalid
        case unsatisfiable
        case satisfiable(ByteRange)
    }

    private static func parseSpec(_ spec: Slice<UnsafeBufferPointer<UInt8>>, length: Int64) -> Spec {
        guard let dash = spec.firstIndex(of: UInt8(ascii: "-")) else { return .invalid }
        let before = spec[spec.startIndex..<dash]
        let after = spec[(dash + 1)..<spec.endIndex]
        if before.isEmpty {
            // suffix-range = "-" suffix-length
            guard let suffix = ASCII.parseInt64(after) else { return .invalid }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .satisfiable(ByteRange(first: max(0, length - suffix), last: length - 1))
        }
        // int-range = first-pos "-" [ last-pos ]
        guard let first = ASCII.parseInt64(before) else { return .invalid }
        var last: Int64? = nil
        if !after.isEmpty {
            guard let parsed = ASCII.parseInt64(after) else { return .invalid }
            guard parsed >= first else { return .invalid }  // RFC 9110 §14.1.1: last-pos < first-pos is invalid
            last = parsed
        }
        guard first < length else { return .unsatisfiable }
        return .satisfiable(ByteRange(first: first, last: min(last ?? (length - 1), length - 1)))
    }

    /// Sorts and merges overlapping or adjacent ranges.
    static func coalesce(_ ranges: [ByteRange]) -> [ByteRange] {
        guard ranges.count > 1 else { return ranges }
        let sorted = ranges.sorted { $0.first < $1.first }
        var merged: [ByteRange] = []
        merged.reserveCapacity(sorted.count)
        var current = sorted[0]
        for range in sorted.dropFirst() {
            // `current.last + 1` cannot overflow: last < length <= Int64.max.
            if range.first <= current.last + 1 {
                current.last = max(current.last, range.last)
            } else {
                merged.append(current)
                current = range
            }
        }
        merged.append(current)
        return merged
    }
}
