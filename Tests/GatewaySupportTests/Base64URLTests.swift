import GatewaySupport
import Foundation
import Testing

@Suite struct Base64URLTests {
    @Test(arguments: 0..<40)
    func roundTripsAndMatchesFoundation(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
        let encoded = Base64URL.encode(bytes)
        let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(encoded == foundation)
        #expect(Base64URL.decode(encoded) == bytes)
    }

    @Test(arguments: ["a", "ab=", "a+b/", "ab cd", "abc\u{0}", "YQ==", "YR"])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}

@Suite struct NameSuggestionTests {
    @Test func suggestsTheClosestName() {
        #expect(NameSuggestion.closest(to: "member-libaries", in: ["member-libraries", "reading-rooms"]) == "member-libraries")
        #expect(NameSuggestion.closest(to: "zzz", in: ["member-libraries"]) == nil)
    }
}
