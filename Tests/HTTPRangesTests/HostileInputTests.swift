import Foundation
import HTTPRanges
import Testing

@Suite("hostile Range headers")
struct HostileInputTests {
    static let representation = Representation(
        length: 1_000_000, etag: EntityTag(opaque: "x"), lastModified: nil, contentType: "application/pdf")

    static func plan(_ range: String, length: Int64 = 1_000_000) -> ResponsePlan {
        var representation = Self.representation
        representation.length = length
        return ResponsePlanner.plan(
            isHead: false, headers: ConditionalHeaders(range: range), representation: representation,
            boundary: "B")
    }

    @Test func tenThousandDisjointRanges() {
        let header = "bytes=" + (0..<10_000).map { "\($0 * 10)-\($0 * 10)" }.joined(separator: ",")
        #expect(Self.plan(header) == .full)
    }

    @Test func tenThousandOverlappingRanges() {
        // CVE-2011-3192 shape: many overlapping ranges would multiply the response size.
        let header = "bytes=" + Array(repeating: "0-", count: 10_000).joined(separator: ",")
        #expect(Self.plan(header) == .full)
    }

    @Test func hundredRangesAllowedHundredAndOneNot() {
        let hundred = "bytes=" + (0..<100).map { "\($0 * 10)-\($0 * 10)" }.joined(separator: ",")
        guard case .multipart(let layout) = Self.plan(hundred) else {
            Issue.record("100 ranges should be served as multipart")
            return
        }
        #expect(layout.parts.count == 100)
        #expect(Self.plan(hundred + ",2000-2000") == .full)
    }

    @Test func limitCountsRangesBeforeCoalescing() {
        // 101 ranges that would merge into one are still refused: the limit guards the parsing work too.
        let header = "bytes=" + (0..<101).map { "\($0)-\($0)" }.joined(separator: ",")
        #expect(Self.plan(header) == .full)
        let hundred = "bytes=" + (0..<100).map { "\($0)-\($0)" }.joined(separator: ",")
        #expect(Self.plan(hundred) == .partial(ByteRange(first: 0, last: 99)))
    }

    @Test func tenThousandUnsatisfiableRanges() {
        let header = "bytes=" + Array(repeating: "2000000-", count: 10_000).joined(separator: ",")
        #expect(Self.plan(header) == .rangeNotSatisfiable)
    }

    @Test func tenThousandEmptyElements() {
        let header = "bytes=" + String(repeating: ", ", count: 10_000) + "5-9"
        #expect(Self.plan(header) == .partial(ByteRange(first: 5, last: 9)))
    }

    @Test func megabyteOfDigits() {
        #expect(Self.plan("bytes=0-" + String(repeating: "9", count: 1_000_000)) == .full)
        #expect(Self.plan("bytes=" + String(repeating: "0", count: 1_000_000) + "1-2") == .partial(
            ByteRange(first: 1, last: 2)))
    }

    @Test func megabyteOfWhitespace() {
        let spaces = String(repeating: " ", count: 1_000_000)
        #expect(Self.plan(spaces) == .full)
        #expect(Self.plan("bytes=" + spaces) == .full)
        #expect(Self.plan(spaces + "bytes=1-2" + spaces) == .partial(ByteRange(first: 1, last: 2)))
    }

    @Test func hugeRepresentation() {
        let length = Int64.max
        #expect(Self.plan("bytes=0-", length: length) == .partial(ByteRange(first: 0, last: Int64.max - 1)))
        #expect(Self.plan("bytes=-1", length: length) == .partial(ByteRange(first: Int64.max - 1, last: Int64.max - 1)))
        #expect(Self.plan("bytes=9223372036854775806-", length: length) == .partial(
            ByteRange(first: Int64.max - 1, last: Int64.max - 1)))
        #expect(Self.plan("bytes=9223372036854775807-", length: length) == .rangeNotSatisfiable)
        #expect(Self.plan("bytes=0-,0-", length: length) == .full)  // sum overflows → refused, no trap
    }

    @Test func oneByteRepresentation() {
        #expect(Self.plan("bytes=0-0", length: 1) == .partial(ByteRange(first: 0, last: 0)))
        #expect(Self.plan("bytes=-5", length: 1) == .partial(ByteRange(first: 0, last: 0)))
        #expect(Self.plan("bytes=1-", length: 1) == .rangeNotSatisfiable)
        #expect(Self.plan("bytes=0-0,0-0", length: 1) == .full)  // two bytes asked of a one-byte file
    }

    /// Seeded random headers built from Range-ish tokens: every plan must satisfy the invariants.
    @Test func randomHeadersKeepInvariants() {
        var generator = SplitMix64(seed: 0x5EED)
        let tokens = [
            "bytes", "BYTES", "=", "-", ",", " ", "\t", "0", "1", "9", "10", "999", "1000", "1001", "99999999999",
            "9223372036854775807", "9223372036854775808", "x", "\"", "*", "items",
        ]
        for _ in 0..<5_000 {
            let length = Int64(generator.next() % 2000)
            var header = generator.next() % 4 == 0 ? "" : "bytes="
            for _ in 0..<(generator.next() % 12) {
                header += tokens[Int(generator.next() % UInt64(tokens.count))]
            }
            let plan = Self.plan(header, length: length)
            switch plan {
            case .full, .rangeNotSatisfiable:
                break
            case .partial(let range):
                #expect(range.first >= 0 && range.first <= range.last && range.last < length, "\(header)")
            case .multipart(let layout):
                #expect(layout.parts.count >= 2)
                var total: Int64 = Int64(layout.trailer.utf8.count)
                var previousLast: Int64 = -2
                for part in layout.parts {
                    #expect(part.range.first > previousLast + 1 && part.range.last < length, "\(header)")
                    previousLast = part.range.last
                    total += Int64(part.header.utf8.count) + part.range.count
                }
                #expect(total == layout.contentLength)
            case .notModified, .preconditionFailed:
                Issue.record("no conditional headers were sent, got \(plan)")
            }
        }
    }
}

/// A tiny deterministic generator (SplitMix64) so the random test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
