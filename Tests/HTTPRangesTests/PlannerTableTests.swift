import Foundation
import HTTPRanges
import Testing

/// Table of (headers, representation) → plan, drawn from nginx's `range.t` and `range_if_range.t`,
/// Go's `net/http/fs_test.go` (`ServeFileRangeTests`, `TestServeContent`,
/// `TestServeFileRejectsInvalidSuffixLengths`, `TestServeContentWithEmptyContentIgnoreRanges`),
/// RFC 9110 and hostile inputs. Where nginx or Go answer differently, the row says so and why.
@Suite("ResponsePlanner table")
struct PlannerTableTests {
    static let nginx = Fixtures.nginxFile
    static let go = Fixtures.goFile
    static let css = Fixtures.goStyle
    static let index = Fixtures.goIndex
    static let dateString = HTTPDate.format(Fixtures.goDate)

    static let nginxRangeCases: [PlanCase] = [
        PlanCase(name: "nginx range request", content: nginx, range: "bytes=0-8", expected: .partial(0, 8),
            expectedBody: "X000XXXXX"),
        PlanCase(name: "nginx final bytes", content: nginx, range: "bytes=-10", expected: .partial(990, 999),
            expectedBody: "X099XXXXXX"),
        PlanCase(name: "nginx final bytes explicit", content: nginx, range: "bytes=990-",
            expected: .partial(990, 999), expectedBody: "X099XXXXXX"),
        PlanCase(name: "nginx more than length", content: nginx, range: "bytes=990-1990",
            expected: .partial(990, 999), expectedBody: "X099XXXXXX"),
        // nginx keeps request order and does not merge; we merge adjacent 0-9 and 10-19 and sort.
        PlanCase(name: "nginx multipart", content: nginx, range: "bytes=0-9, -10, 10-19",
            expected: .multipart([0...19, 990...999])),
        PlanCase(name: "nginx multipart big", content: nginx, range: "bytes=0-9, -10, 100000-, 10-19",
            expected: .multipart([0...19, 990...999])),
        PlanCase(name: "nginx too big first byte pos", content: nginx, range: "bytes=100000-",
            expected: .unsatisfiable),
        // nginx answers 416 to the next four; RFC 9110 §14.2 lets a server ignore an invalid Range, and we do.
        PlanCase(name: "nginx alpha in first byte pos (nginx 416)", content: nginx, range: "bytes=alpha",
            expected: .full),
        PlanCase(name: "nginx alpha in last byte pos (nginx 416)", content: nginx, range: "bytes=10-alpha",
            expected: .full),
        PlanCase(name: "nginx no hyphen (nginx 416)", content: nginx, range: "bytes=10", expected: .full),
        PlanCase(name: "nginx no comma (nginx 416)", content: nginx, range: "bytes=10-11 12-", expected: .full),
        PlanCase(name: "nginx last byte pos adjusted", content: nginx, range: "bytes=0-10001",
            expected: .partial(0, 999)),
        PlanCase(name: "nginx malicious byte ranges", content: nginx, range: "bytes=0-10001, 0-0", expected: .full),
        PlanCase(name: "nginx max_ranges 2 not reached", content: nginx, range: "bytes=0-9, -10", maxRanges: 2,
            expected: .multipart([0...9, 990...999])),
        PlanCase(name: "nginx max_ranges 2 not reached bad range", content: nginx, range: "bytes=0-9, -10, 10000-",
            maxRanges: 2, expected: .multipart([0...9, 990...999])),
        PlanCase(name: "nginx max_ranges 2 reached", content: nginx, range: "bytes=0-9, -10, 10-19", maxRanges: 2,
            expected: .full),
        PlanCase(name: "nginx max_ranges 0", content: nginx, range: "bytes=0-9", maxRanges: 0, expected: .full),
    ]

    static let nginxIfRangeCases: [PlanCase] = [
        PlanCase(name: "nginx if-range wrong", content: nginx, lastModified: Fixtures.nginxDate,
            range: "bytes=0-9", ifRange: "wrong", expected: .full),
        PlanCase(name: "nginx if-range last-modified", content: nginx, lastModified: Fixtures.nginxDate,
            range: "bytes=0-9", ifRange: HTTPDate.format(Fixtures.nginxDate), expected: .partial(0, 9),
            expectedBody: "X000XXXXXX"),
        PlanCase(name: "nginx if-range notime", content: nginx, lastModified: nil, range: "bytes=0-9",
            ifRange: "wrong", expected: .full),
        PlanCase(name: "nginx if-range notime with a date", content: nginx, lastModified: nil, range: "bytes=0-9",
            ifRange: "Mon, 28 Sep 1970 06:00:00 GMT", expected: .full),
        PlanCase(name: "nginx if-range time wrong", content: nginx, lastModified: Fixtures.nginxDate,
            range: "bytes=0-9", ifRange: "wrong", expected: .full),
        PlanCase(name: "nginx if-range time", content: nginx, lastModified: Fixtures.nginxDate, range: "bytes=0-9",
            ifRange: "Mon, 28 Sep 1970 06:00:00 GMT", expected: .partial(0, 9)),
    ]

    static let goServeFileCases: [PlanCase] = [
        PlanCase(name: "go no range", content: go, expected: .full),
        PlanCase(name: "go 0-4", content: go, range: "bytes=0-4", expected: .partial(0, 4), expectedBody: "01234"),
        PlanCase(name: "go 2-", content: go, range: "bytes=2-", expected: .partial(2, 10)),
        PlanCase(name: "go -5", content: go, range: "bytes=-5", expected: .partial(6, 10), expectedBody: "6789\n"),
        PlanCase(name: "go 3-7", content: go, range: "bytes=3-7", expected: .partial(3, 7), expectedBody: "34567"),
        PlanCase(name: "go 0-0,-2", content: go, range: "bytes=0-0,-2", expected: .multipart([0...0, 9...10])),
        PlanCase(name: "go 0-1,5-8", content: go, range: "bytes=0-1,5-8", expected: .multipart([0...1, 5...8])),
        PlanCase(name: "go 0-1,5-", content: go, range: "bytes=0-1,5-", expected: .multipart([0...1, 5...10])),
        PlanCase(name: "go 5-1000", content: go, range: "bytes=5-1000", expected: .partial(5, 10)),
        PlanCase(name: "go wasteful 0-,1-,2-,3-,4-", content: go, range: "bytes=0-,1-,2-,3-,4-", expected: .full),
        PlanCase(name: "go 0-9", content: go, range: "bytes=0-9", expected: .partial(0, 9)),
        PlanCase(name: "go 0-10", content: go, range: "bytes=0-10", expected: .partial(0, 10)),
        PlanCase(name: "go 0-11", content: go, range: "bytes=0-11", expected: .partial(0, 10)),
        PlanCase(name: "go 10-11", content: go, range: "bytes=10-11", expected: .partial(10, 10)),
        PlanCase(name: "go 10-", content: go, range: "bytes=10-", expected: .partial(10, 10), expectedBody: "\n"),
        PlanCase(name: "go 11-", content: go, range: "bytes=11-", expected: .unsatisfiable),
        PlanCase(name: "go 11-12", content: go, range: "bytes=11-12", expected: .unsatisfiable),
        PlanCase(name: "go 12-12", content: go, range: "bytes=12-12", expected: .unsatisfiable),
        PlanCase(name: "go 11-100", content: go, range: "bytes=11-100", expected: .unsatisfiable),
        PlanCase(name: "go 12-100", content: go, range: "bytes=12-100", expected: .unsatisfiable),
        PlanCase(name: "go 100-", content: go, range: "bytes=100-", expected: .unsatisfiable),
        PlanCase(name: "go 100-1000", content: go, range: "bytes=100-1000", expected: .unsatisfiable),
    ]

    static let goServeContentCases: [PlanCase] = [
        PlanCase(name: "go no_last_modified", content: css, expected: .full),
        PlanCase(name: "go with_last_modified", content: css, lastModified: Fixtures.goDate, expected: .full),
        PlanCase(name: "go not_modified_modtime", content: css, etag: EntityTag(opaque: "foo"),
            lastModified: Fixtures.goDate, ifModifiedSince: dateString, expected: .notModified),
        PlanCase(name: "go not_modified_etag", content: css, etag: EntityTag(opaque: "foo"), ifNoneMatch: "\"foo\"",
            expected: .notModified),
        PlanCase(name: "go not_modified_etag_no_seek (weak served)", content: css,
            etag: EntityTag(opaque: "foo", isWeak: true), ifNoneMatch: "\"baz\", W/\"foo\"", expected: .notModified),
        PlanCase(name: "go if_none_match_mismatch", content: css, etag: EntityTag(opaque: "foo"),
            ifNoneMatch: "\"Foo\"", expected: .full),
        PlanCase(name: "go if_none_match_malformed", content: css, etag: EntityTag(opaque: "foo"), ifNoneMatch: ",",
            expected: .full),
        PlanCase(name: "go range_good", content: css, range: "bytes=0-4", expected: .partial(0, 4),
            expectedBody: "body "),
        PlanCase(name: "go range_match", content: css, range: "bytes=0-4", ifRange: "\"A\"",
            expected: .partial(0, 4)),
        PlanCase(name: "go range_match_weak_etag", content: css, etag: EntityTag(opaque: "A", isWeak: true),
            range: "bytes=0-4", ifRange: "W/\"A\"", expected: .full),
        PlanCase(name: "go range_no_overlap", content: css, range: "bytes=10-20", expected: .unsatisfiable),
        PlanCase(name: "go range_no_match", content: css, range: "bytes=0-4", ifRange: "\"B\"", expected: .full),
        PlanCase(name: "go range_with_modtime", content: css, lastModified: Fixtures.goDate, range: "bytes=0-4",
            ifRange: "Wed, 25 Jun 2014 17:12:18 GMT", expected: .partial(0, 4)),
        PlanCase(name: "go range_with_modtime_mismatch", content: css, lastModified: Fixtures.goDate,
            range: "bytes=0-4", ifRange: "Wed, 25 Jun 2014 17:12:19 GMT", expected: .full),
        PlanCase(name: "go range_with_modtime_nanos", content: css,
            lastModified: Fixtures.goDate.addingTimeInterval(0.000_000_123), range: "bytes=0-4",
            ifRange: "Wed, 25 Jun 2014 17:12:18 GMT", expected: .partial(0, 4)),
        PlanCase(name: "go unix_zero_modtime", content: Array("<html>foo".utf8),
            lastModified: Date(timeIntervalSince1970: 0), expected: .full),
        PlanCase(name: "go ifmatch_matches", content: css, ifMatch: "\"Z\", \"A\"", expected: .full),
        PlanCase(name: "go ifmatch_star", content: css, ifMatch: "*", expected: .full),
        PlanCase(name: "go ifmatch_failed", content: css, ifMatch: "\"B\"", expected: .preconditionFailed),
        PlanCase(name: "go ifmatch_fails_on_weak_etag", content: css, etag: EntityTag(opaque: "A", isWeak: true),
            ifMatch: "W/\"A\"", expected: .preconditionFailed),
        PlanCase(name: "go if_unmodified_since_true", content: css, lastModified: Fixtures.goDate,
            ifUnmodifiedSince: dateString, expected: .full),
        PlanCase(name: "go if_unmodified_since_false", content: css, lastModified: Fixtures.goDate,
            ifUnmodifiedSince: HTTPDate.format(Fixtures.goDate.addingTimeInterval(-2)),
            expected: .preconditionFailed),
    ]

    static let goSuffixCases: [PlanCase] = [
        // Go answers 416 to the malformed ones; we ignore an invalid Range (RFC 9110 §14.2) → 200.
        PlanCase(name: "go --6 (Go 416)", content: index, range: "bytes=--6", expected: .full),
        PlanCase(name: "go --0 (Go 416)", content: index, range: "bytes=--0", expected: .full),
        PlanCase(name: "go ---0 (Go 416)", content: index, range: "bytes=---0", expected: .full),
        PlanCase(name: "go -6", content: index, range: "bytes=-6", expected: .partial(16, 21),
            expectedBody: "hello\n"),
        PlanCase(name: "go 6-", content: index, range: "bytes=6-", expected: .partial(6, 21),
            expectedBody: "html says hello\n"),
        PlanCase(name: "go -6- (Go 416)", content: index, range: "bytes=-6-", expected: .full),
        // Go sends 206 with an empty body; RFC 9110 §14.1.3 makes a zero suffix-length unsatisfiable.
        PlanCase(name: "go -0 (Go 206 empty)", content: index, range: "bytes=-0", expected: .unsatisfiable),
        PlanCase(name: "go bytes=", content: index, range: "bytes=", expected: .full),
        PlanCase(name: "go empty content 0-128", content: [], range: "bytes=0-128", expected: .full),
        PlanCase(name: "go empty content 1-", content: [], range: "bytes=1-", expected: .full),
        PlanCase(name: "empty content -0", content: [], range: "bytes=-0", expected: .full),
        PlanCase(name: "empty content garbage", content: [], range: "bytes=abc", expected: .full),
    ]

    static let syntaxCases: [PlanCase] = [
        PlanCase(name: "unknown unit", content: nginx, range: "items=0-5", expected: .full),
        PlanCase(name: "unit upper case", content: nginx, range: "BYTES=0-4", expected: .partial(0, 4)),
        PlanCase(name: "unit mixed case", content: nginx, range: "Bytes=0-4", expected: .partial(0, 4)),
        PlanCase(name: "unit prefix only", content: nginx, range: "byte=0-4", expected: .full),
        PlanCase(name: "missing =", content: nginx, range: "bytes 0-4", expected: .full),
        PlanCase(name: "empty header", content: nginx, range: "", expected: .full),
        PlanCase(name: "only =", content: nginx, range: "=0-4", expected: .full),
        PlanCase(name: "bytes=abc", content: nginx, range: "bytes=abc", expected: .full),
        PlanCase(name: "last before first", content: nginx, range: "bytes=5-1", expected: .full),
        PlanCase(name: "one invalid spec spoils the set", content: nginx, range: "bytes=0-3,5-1", expected: .full),
        PlanCase(name: "last before first past end", content: nginx, range: "bytes=5000-4000", expected: .full),
        PlanCase(name: "plus sign", content: nginx, range: "bytes=+1-2", expected: .full),
        PlanCase(name: "negative first", content: nginx, range: "bytes=-1-2", expected: .full),
        PlanCase(name: "lone dash", content: nginx, range: "bytes=-", expected: .full),
        PlanCase(name: "only commas", content: nginx, range: "bytes=,,,", expected: .full),
        PlanCase(name: "two dashes in int-range", content: nginx, range: "bytes=1-2-3", expected: .full),
        PlanCase(name: "hex number", content: nginx, range: "bytes=0x10-0x20", expected: .full),
        PlanCase(name: "decimal point", content: nginx, range: "bytes=1.5-2", expected: .full),
        PlanCase(name: "full-width digits", content: nginx, range: "bytes=０-４", expected: .full),
        PlanCase(name: "NUL byte", content: nginx, range: "bytes=0-1\u{0}", expected: .full),
        PlanCase(name: "first-pos overflows Int64", content: nginx, range: "bytes=9223372036854775808-",
            expected: .full),
        PlanCase(name: "last-pos overflows Int64", content: nginx, range: "bytes=0-99999999999999999999",
            expected: .full),
        PlanCase(name: "suffix overflows Int64", content: nginx, range: "bytes=-99999999999999999999",
            expected: .full),
        PlanCase(name: "Int64.max first-pos is unsatisfiable", content: nginx, range: "bytes=9223372036854775807-",
            expected: .unsatisfiable),
        PlanCase(name: "Int64.max last-pos is clamped", content: nginx, range: "bytes=10-9223372036854775807",
            expected: .partial(10, 999)),
        PlanCase(name: "Int64.max suffix is the whole file", content: nginx, range: "bytes=-9223372036854775807",
            expected: .partial(0, 999)),
        PlanCase(name: "suffix longer than file", content: nginx, range: "bytes=-2000", expected: .partial(0, 999)),
        PlanCase(name: "suffix equal to file", content: nginx, range: "bytes=-1000", expected: .partial(0, 999)),
        PlanCase(name: "leading zeros", content: nginx, range: "bytes=0000000000000000000000001-0002",
            expected: .partial(1, 2)),
        PlanCase(name: "first byte only", content: nginx, range: "bytes=0-0", expected: .partial(0, 0),
            expectedBody: "X"),
        PlanCase(name: "last byte only", content: nginx, range: "bytes=-1", expected: .partial(999, 999)),
        PlanCase(name: "starts at last byte", content: nginx, range: "bytes=999-", expected: .partial(999, 999)),
        PlanCase(name: "starts at length", content: nginx, range: "bytes=1000-", expected: .unsatisfiable),
        PlanCase(name: "all specs unsatisfiable", content: nginx, range: "bytes=1000-,-0,5000-6000",
            expected: .unsatisfiable),
        PlanCase(name: "OWS around commas", content: nginx, range: "bytes=0-1 , 5-6",
            expected: .multipart([0...1, 5...6])),
        PlanCase(name: "HTAB around commas", content: nginx, range: "bytes=0-1\t,\t5-6",
            expected: .multipart([0...1, 5...6])),
        PlanCase(name: "OWS after =", content: nginx, range: "bytes= 0-1", expected: .partial(0, 1)),
        PlanCase(name: "OWS around the value", content: nginx, range: "  bytes=0-1  ", expected: .partial(0, 1)),
        PlanCase(name: "space before = (not a token)", content: nginx, range: "bytes =0-1", expected: .full),
        PlanCase(name: "space inside range-spec", content: nginx, range: "bytes=0 -1", expected: .full),
        PlanCase(name: "space after dash", content: nginx, range: "bytes=0- 1", expected: .full),
        PlanCase(name: "empty list elements", content: nginx, range: "bytes=0-1,,5-6,",
            expected: .multipart([0...1, 5...6])),
        PlanCase(name: "leading empty element", content: nginx, range: "bytes= , 0-10", expected: .partial(0, 10)),
        PlanCase(name: "CR LF are not OWS", content: nginx, range: "bytes=0-1\r\n", expected: .full),
    ]

    static let coalescingCases: [PlanCase] = [
        PlanCase(name: "overlapping merge", content: nginx, range: "bytes=0-4,2-8", expected: .partial(0, 8)),
        PlanCase(name: "adjacent merge", content: nginx, range: "bytes=0-4,5-9", expected: .partial(0, 9)),
        PlanCase(name: "gap of one byte stays apart", content: nginx, range: "bytes=0-4,6-9",
            expected: .multipart([0...4, 6...9])),
        PlanCase(name: "unsorted get sorted", content: nginx, range: "bytes=500-599,0-99",
            expected: .multipart([0...99, 500...599])),
        PlanCase(name: "duplicates", content: nginx, range: "bytes=0-0,0-0", expected: .partial(0, 0)),
        PlanCase(name: "contained range", content: nginx, range: "bytes=0-99,10-20", expected: .partial(0, 99)),
        PlanCase(name: "suffix overlaps open-ended", content: nginx, range: "bytes=900-,-50",
            expected: .partial(900, 999)),
        PlanCase(name: "first and last byte", content: nginx, range: "bytes=0-0,-1",
            expected: .multipart([0...0, 999...999])),
        PlanCase(name: "sum equal to length is allowed", content: nginx, range: "bytes=0-499,500-999",
            expected: .partial(0, 999)),
        PlanCase(name: "sum one past length is refused", content: nginx, range: "bytes=0-500,500-999",
            expected: .full),
        PlanCase(name: "chain of merges", content: nginx, range: "bytes=40-49,0-9,10-19,30-39,20-29",
            expected: .partial(0, 49)),
        PlanCase(name: "three parts (jshttp combine)", content: Array(nginx[0..<150]),
            range: "bytes=0-4,90-99,5-75,100-199,101-102", expected: .multipart([0...75, 90...149])),
        PlanCase(name: "multipart keeps unsatisfiable out", content: nginx, range: "bytes=2000-,0-1,-0,998-",
            expected: .multipart([0...1, 998...999])),
    ]

    static let conditionalCases: [PlanCase] = [
        PlanCase(name: "If-Match fails beats If-None-Match", content: css, ifMatch: "\"B\"", ifNoneMatch: "\"A\"",
            expected: .preconditionFailed),
        PlanCase(name: "If-Match * then If-None-Match *", content: css, ifMatch: "*", ifNoneMatch: "*",
            expected: .notModified),
        PlanCase(name: "If-Match present: If-Unmodified-Since ignored", content: css, lastModified: Fixtures.goDate,
            ifMatch: "\"A\"", ifUnmodifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT", expected: .full),
        PlanCase(name: "If-Match malformed", content: css, ifMatch: "A", expected: .preconditionFailed),
        PlanCase(name: "If-Match weak request tag vs strong", content: css, ifMatch: "W/\"A\"",
            expected: .preconditionFailed),
        PlanCase(name: "If-Match with Range still 412", content: css, range: "bytes=0-1", ifMatch: "\"B\"",
            expected: .preconditionFailed),
        PlanCase(name: "If-Unmodified-Since unparsable ignored", content: css, lastModified: Fixtures.goDate,
            ifUnmodifiedSince: "yesterday", expected: .full),
        PlanCase(name: "If-Unmodified-Since without Last-Modified ignored", content: css,
            ifUnmodifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT", expected: .full),
        PlanCase(name: "If-Unmodified-Since later passes", content: css, lastModified: Fixtures.goDate,
            ifUnmodifiedSince: HTTPDate.format(Fixtures.goDate.addingTimeInterval(60)), expected: .full),
        PlanCase(name: "If-Unmodified-Since fails before range", content: css, lastModified: Fixtures.goDate,
            range: "bytes=0-1", ifUnmodifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT", expected: .preconditionFailed),
        PlanCase(name: "If-None-Match *", content: css, ifNoneMatch: "*", expected: .notModified),
        PlanCase(name: "If-None-Match weak request tag matches strong", content: css, ifNoneMatch: "W/\"A\"",
            expected: .notModified),
        PlanCase(name: "If-None-Match in a list", content: css, ifNoneMatch: "\"x\" , \"y\",\"A\"",
            expected: .notModified),
        PlanCase(name: "If-None-Match beats Range", content: css, range: "bytes=0-1", ifNoneMatch: "\"A\"",
            expected: .notModified),
        PlanCase(name: "If-None-Match present: If-Modified-Since ignored", content: css,
            lastModified: Fixtures.goDate, ifNoneMatch: "\"other\"", ifModifiedSince: dateString, expected: .full),
        PlanCase(name: "If-Modified-Since equal → 304", content: css, lastModified: Fixtures.goDate,
            ifModifiedSince: dateString, expected: .notModified),
        PlanCase(name: "If-Modified-Since later → 304", content: css, lastModified: Fixtures.goDate,
            ifModifiedSince: "Sun, 06 Nov 2044 08:49:37 GMT", expected: .notModified),
        PlanCase(name: "If-Modified-Since earlier → 200", content: css, lastModified: Fixtures.goDate,
            ifModifiedSince: "Sun, 06 Nov 1994 08:49:37 GMT", expected: .full),
        PlanCase(name: "If-Modified-Since asctime form", content: css, lastModified: Fixtures.goDate,
            ifModifiedSince: "Wed Jun 25 17:12:18 2014", expected: .notModified),
        PlanCase(name: "If-Modified-Since unparsable ignored", content: css, lastModified: Fixtures.goDate,
            ifModifiedSince: "not a date", expected: .full),
        PlanCase(name: "If-Modified-Since without Last-Modified ignored", content: css,
            ifModifiedSince: dateString, expected: .full),
        PlanCase(name: "If-Modified-Since with sub-second Last-Modified", content: css,
            lastModified: Fixtures.goDate.addingTimeInterval(0.9), ifModifiedSince: dateString,
            expected: .notModified),
        PlanCase(name: "If-Range without Range is ignored", content: css, ifRange: "\"B\"", expected: .full),
        PlanCase(name: "If-Range weak tag never matches", content: css, range: "bytes=0-1", ifRange: "W/\"A\"",
            expected: .full),
        PlanCase(name: "If-Range strong tag, weak current", content: css, etag: EntityTag(opaque: "A", isWeak: true),
            range: "bytes=0-1", ifRange: "\"A\"", expected: .full),
        PlanCase(name: "If-Range with OWS", content: css, range: "bytes=0-1", ifRange: "  \"A\" ",
            expected: .partial(0, 1)),
        PlanCase(name: "If-Range unterminated tag", content: css, range: "bytes=0-1", ifRange: "\"A",
            expected: .full),
        PlanCase(name: "If-Range list is not allowed", content: css, range: "bytes=0-1", ifRange: "\"A\", \"B\"",
            expected: .full),
        PlanCase(name: "If-Range RFC 850 date", content: css, lastModified: Fixtures.goDate, range: "bytes=0-1",
            ifRange: "Wednesday, 25-Jun-14 17:12:18 GMT", expected: .partial(0, 1)),
        PlanCase(name: "If-Range earlier date", content: css, lastModified: Fixtures.goDate, range: "bytes=0-1",
            ifRange: "Wed, 25 Jun 2014 17:12:17 GMT", expected: .full),
        PlanCase(name: "If-Range matches, range unsatisfiable", content: css, range: "bytes=100-", ifRange: "\"A\"",
            expected: .unsatisfiable),
        PlanCase(name: "If-Range matches, multipart", content: nginx, range: "bytes=0-1,10-11", ifRange: "\"A\"",
            expected: .multipart([0...1, 10...11])),
    ]

    static let allCases: [PlanCase] =
        nginxRangeCases + nginxIfRangeCases + goServeFileCases + goServeContentCases + goSuffixCases + syntaxCases
        + coalescingCases + conditionalCases

    @Test("plan", arguments: allCases)
    func plan(_ row: PlanCase) {
        let plan = ResponsePlanner.plan(
            isHead: false, headers: row.headers, representation: row.representation, boundary: Fixtures.boundary,
            maxRanges: row.maxRanges)
        #expect(Expected(plan) == row.expected)
        if let expectedBody = row.expectedBody {
            #expect(Fixtures.body(for: plan, content: row.content) == Array(expectedBody.utf8))
        }
        if case .partial(let range) = plan {
            #expect(range.first >= 0 && range.last < Int64(row.content.count))
        }
    }

    @Test("HEAD gets exactly GET's plan", arguments: allCases)
    func headEqualsGet(_ row: PlanCase) {
        let get = ResponsePlanner.plan(
            isHead: false, headers: row.headers, representation: row.representation, boundary: Fixtures.boundary,
            maxRanges: row.maxRanges)
        let head = ResponsePlanner.plan(
            isHead: true, headers: row.headers, representation: row.representation, boundary: Fixtures.boundary,
            maxRanges: row.maxRanges)
        #expect(head == get)
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.allCases.count >= 60)
    }
}
