import Foundation

/// Decides the response to a GET or HEAD of a representation from the request's conditional and
/// range headers (RFC 9110 §13.2.2 order, then §14).
///
/// 1. `If-Match` (strong comparison, `*` matches) false → 412. A malformed value matches nothing → 412.
/// 2. Else, only without `If-Match`: `If-Unmodified-Since` with a valid date, when the representation is newer → 412.
///    Ignored without a Last-Modified or with an unparsable date.
/// 3. `If-None-Match` (weak comparison, `*` matches) true → 304. A malformed value matches nothing.
/// 4. Else, only without `If-None-Match`: `If-Modified-Since` with a valid date, when the representation is not
///    newer → 304. Ignored without a Last-Modified or with an unparsable date.
/// 5. `Range`, evaluated by ``RangeRequest``, unless the representation is empty (then 200, like Go) or
///    `If-Range` does not match. `If-Range` matches an entity-tag only strongly, and an HTTP-date only when it
///    equals Last-Modified exactly; anything else (weak tag, garbage, no Last-Modified) means 200.
///    One remaining range is a single-part 206; two or more are `multipart/byteranges` (or 200 in the
///    theoretical case of a body longer than `Int64.max`).
///
/// HEAD gets exactly the plan of GET (as nginx and Go's `ServeContent` do), so a client can probe a range.
public enum ResponsePlanner {
    /// The default upper bound on satisfiable ranges in one request (Apache's `MaxRanges` default is 200,
    /// Go allows any number but caps the total size; 100 is ample for PDF viewers).
    public static let defaultMaxRanges = 100

    /// Plans the response with the default range limit.
    /// - Parameters:
    ///   - isHead: whether the request is HEAD; the plan is the same as for GET.
    ///   - headers: the request's conditional and range headers.
    ///   - representation: the selected representation.
    ///   - boundary: the multipart boundary to use if the answer is multipart (random per response).
    public static func plan(
        isHead: Bool, headers: ConditionalHeaders, representation: Representation, boundary: String
    ) -> ResponsePlan {
        plan(
            isHead: isHead, headers: headers, representation: representation, boundary: boundary,
            maxRanges: defaultMaxRanges)
    }

    /// Plans the response with an explicit limit on the number of satisfiable ranges (nginx `max_ranges`).
    public static func plan(
        isHead: Bool, headers: ConditionalHeaders, representation: Representation, boundary: String,
        maxRanges: Int
    ) -> ResponsePlan {
        _ = isHead  // deliberately unused: HEAD is planned exactly like GET.
        if let failed = evaluatePreconditions(headers, representation) {
            return failed
        }
        guard let rangeHeader = headers.range, representation.length > 0 else { return .full }
        if let ifRange = headers.ifRange, !ifRangeMatches(ifRange, representation) {
            return .full
        }
        switch RangeRequest.evaluate(rangeHeader, length: representation.length, maxRanges: maxRanges) {
        case .ignored:
            return .full
        case .unsatisfiable:
            return .rangeNotSatisfiable
        case .satisfiable(let ranges) where ranges.count == 1:
            return .partial(ranges[0])
        case .satisfiable(let ranges):
            guard
                let layout = MultipartLayout(
                    ranges: ranges, totalLength: representation.length,
                    partContentType: representation.contentType, boundary: boundary)
            else { return .full }  // body length beyond Int64: only for representations near 2^63 bytes
            return .multipart(layout)
        }
    }

    /// Steps 1–4 of RFC 9110 §13.2.2; `nil` means "go on".
    private static func evaluatePreconditions(_ headers: ConditionalHeaders, _ representation: Representation)
        -> ResponsePlan?
    {
        let lastModified = representation.lastModified.map(wholeSeconds)
        if let ifMatch = headers.ifMatch {
            guard let list = EntityTagList.parse(ifMatch), list.matchesStrongly(representation.etag) else {
                return .preconditionFailed
            }
        } else if let value = headers.ifUnmodifiedSince, let date = HTTPDate.parse(value), let lastModified,
            lastModified > wholeSeconds(date)
        {
            return .preconditionFailed
        }
        if let ifNoneMatch = headers.ifNoneMatch {
            if let list = EntityTagList.parse(ifNoneMatch), list.matchesWeakly(representation.etag) {
                return .notModified
            }
        } else if let value = headers.ifModifiedSince, let date = HTTPDate.parse(value), let lastModified,
            lastModified <= wholeSeconds(date)
        {
            return .notModified
        }
        return nil
    }

    /// RFC 9110 §13.1.5.
    private static func ifRangeMatches(_ value: String, _ representation: Representation) -> Bool {
        if let tag = EntityTag(headerValue: value) {
            return tag.matchesStrongly(representation.etag)
        }
        guard let date = HTTPDate.parse(value), let lastModified = representation.lastModified else { return false }
        return wholeSeconds(lastModified) == wholeSeconds(date)
    }

    private static func wholeSeconds(_ date: Date) -> Double {
        date.timeIntervalSince1970.rounded(.down)
    }
}
