import HTTPRanges
import Testing

@Suite("EntityTag")
struct EntityTagTests {
    struct ListCase: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: EntityTagList?
        var testDescription: String { "'\(input)'" }
    }

    static let listCases: [ListCase] = [
        // Go's TestScanETag inputs.
        ListCase(input: "W/\"etag-1\"", expected: .tags([EntityTag(opaque: "etag-1", isWeak: true)])),
        ListCase(input: "\"etag-2\"", expected: .tags([EntityTag(opaque: "etag-2")])),
        ListCase(
            input: "\"etag-1\", \"etag-2\"",
            expected: .tags([EntityTag(opaque: "etag-1"), EntityTag(opaque: "etag-2")])),
        ListCase(input: "", expected: .tags([])),
        ListCase(input: "W/", expected: nil),
        ListCase(input: "W/\"truc", expected: nil),
        ListCase(input: "w/\"case-sensitive\"", expected: nil),
        ListCase(input: "\"spaced etag\"", expected: nil),
        // Lists, wildcards, whitespace.
        ListCase(input: "*", expected: .any),
        ListCase(input: "  *  ", expected: .any),
        ListCase(input: "*, \"a\"", expected: nil),
        ListCase(input: "\"a\", *", expected: nil),
        ListCase(input: ",", expected: .tags([])),
        ListCase(input: " , ,\"a\",, ", expected: .tags([EntityTag(opaque: "a")])),
        ListCase(input: "\"a\"\"b\"", expected: nil),
        ListCase(input: "\"a\" \"b\"", expected: nil),
        ListCase(input: "\"\"", expected: .tags([EntityTag(opaque: "")])),
        ListCase(input: "W/\"\"", expected: .tags([EntityTag(opaque: "", isWeak: true)])),
        ListCase(input: "abc", expected: nil),
        ListCase(input: "\"a\tb\"", expected: nil),
        ListCase(input: "\"sha256-é\"", expected: .tags([EntityTag(opaque: "sha256-é")])),
        ListCase(input: "\"67ab43\", \"54ed21\", \"7892dd\"", expected: .tags([
            EntityTag(opaque: "67ab43"), EntityTag(opaque: "54ed21"), EntityTag(opaque: "7892dd"),
        ])),
    ]

    @Test("parse", arguments: listCases)
    func parse(_ row: ListCase) {
        #expect(EntityTagList.parse(row.input) == row.expected)
        switch row.expected {
        case .tags(let tags): #expect(EntityTag.parseList(row.input) == tags)
        case .any, nil: #expect(EntityTag.parseList(row.input) == nil)
        }
    }

    /// RFC 9110 §8.8.3.2's comparison table.
    @Test(
        "comparison",
        arguments: [
            (EntityTag(opaque: "1", isWeak: true), EntityTag(opaque: "1", isWeak: true), false, true),
            (EntityTag(opaque: "1", isWeak: true), EntityTag(opaque: "2", isWeak: true), false, false),
            (EntityTag(opaque: "1", isWeak: true), EntityTag(opaque: "1"), false, true),
            (EntityTag(opaque: "1"), EntityTag(opaque: "1"), true, true),
        ])
    func comparison(_ a: EntityTag, _ b: EntityTag, strong: Bool, weak: Bool) {
        #expect(a.matchesStrongly(b) == strong)
        #expect(b.matchesStrongly(a) == strong)
        #expect(a.matchesWeakly(b) == weak)
        #expect(b.matchesWeakly(a) == weak)
    }

    @Test func headerValueRoundTrip() {
        let strong = EntityTag(opaque: "abc123")
        let weak = EntityTag(opaque: "abc123", isWeak: true)
        #expect(strong.headerValue == "\"abc123\"")
        #expect(weak.headerValue == "W/\"abc123\"")
        #expect(EntityTag(headerValue: strong.headerValue) == strong)
        #expect(EntityTag(headerValue: weak.headerValue) == weak)
        #expect(EntityTag(headerValue: " \"x\" ") == EntityTag(opaque: "x"))
        #expect(EntityTag(headerValue: "\"x\", \"y\"") == nil)
        #expect(EntityTag(headerValue: "*") == nil)
        #expect(EntityTag(headerValue: "") == nil)
    }

    @Test func wildcardMatchesEverything() {
        #expect(EntityTagList.any.matchesStrongly(EntityTag(opaque: "z", isWeak: true)))
        #expect(EntityTagList.any.matchesWeakly(EntityTag(opaque: "z")))
        #expect(!EntityTagList.tags([]).matchesWeakly(EntityTag(opaque: "z")))
    }
}
