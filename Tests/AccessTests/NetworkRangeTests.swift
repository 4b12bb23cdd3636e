import Access
import Testing

@Suite struct NetworkRangeTests {
    @Test(arguments: ["10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "abc", "10.0.0.1/", "/8", "10.0.0.1/-1", "10.0.0.256"])
    func rejectsBadCIDRs(_ text: String) {
        #expect(NetworkRange(text) == nil)
    }

    @Test func zeroPrefixMatchesEveryAddressOfTheFamily() {
        #expect(NetworkRange("0.0.0.0/0")!.contains(IPAddress("203.0.113.9")!))
    }
}
