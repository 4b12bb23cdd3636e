extension PageLanguage {
    /// One language range of an `Accept-Language` header with its weight.
    struct AcceptRange: Hashable {
        /// The primary subtag in lower case (`en` for `en-US`), or `*`.
        var primary: String
        /// 0…1.
        var weight: Double
        /// Index of the range in the header, for ties.
        var position: Int

        /// A browser sends a handful of ranges; more than this is not a real header and the rest is ignored.
        static let maximumRanges = 64

        /// Every well-formed range of `header`; malformed ranges and malformed weights are skipped (RFC 9110 lets a
        /// recipient ignore what it cannot parse).
        static func parse(_ header: String) -> [AcceptRange] {
            var ranges: [AcceptRange] = []
            for (position, element) in header.split(separator: ",", omittingEmptySubsequences: false).prefix(
                maximumRanges
            ).enumerated() {
                let parts = element.split(separator: ";", omittingEmptySubsequences: false)
                let tag = parts[0].trimmingSpaces()
                guard isLanguageRange(tag) else { continue }
                var weight = 1.0
                var valid = true
                for parameter in parts.dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard pair.count == 2, pair[0].trimmingSpaces().lowercased() == "q",
                        let value = qualityValue(pair[1].trimmingSpaces())
                    else {
                        valid = false
                        break
                    }
                    weight = value
                }
                guard valid else { continue }
                let primary = tag.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? "*"
                ranges.append(AcceptRange(primary: primary, weight: weight, position: position))
            }
            return ranges
        }

        /// `language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"` (RFC 4647 §2.1).
        static func isLanguageRange(_ text: Substring) -> Bool {
            if text == "*" { return true }
            let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = subtags.first, (1...8).contains(first.utf8.count),
                first.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7a })
            else { return false }
            return subtags.dropFirst().allSatisfy { subtag in
                (1...8).contains(subtag.utf8.count)
                    && subtag.utf8.allSatisfy {
                        ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7a || (0x30...0x39).contains($0)
                    }
            }
        }

        /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` (RFC 9110 §12.4.2).
        static func qualityValue(_ text: Substring) -> Double? {
            let bytes = Array(text.utf8)
            guard let head = bytes.first, head == 0x30 || head == 0x31 else { return nil }
            if bytes.count == 1 { return head == 0x31 ? 1 : 0 }
            guard bytes[1] == 0x2e, bytes.count <= 5 else { return nil }
            let decimals = bytes[2...]
            guard decimals.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            if head == 0x31 { return decimals.allSatisfy { $0 == 0x30 } ? 1 : nil }
            var thousandths = 0
            for (index, digit) in decimals.enumerated() {
                thousandths += Int(digit - 0x30) * [100, 10, 1][index]
            }
            return Double(thousandths) / 1000
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's OWS).
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
