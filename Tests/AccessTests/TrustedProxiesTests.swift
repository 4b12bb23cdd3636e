import Access
import Testing

/// Who the client is: the peer, unless the peer is a trusted proxy; then the right-most address of the forwarding
/// header that is not itself a trusted proxy.
@Suite struct TrustedProxiesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var trusted: String
        var peer: String
        var forwarded: [String] = []
        var xForwardedFor: [String] = []
        var client: String?
        var viaProxy: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no proxies: the peer", trusted: "", peer: "203.0.113.7", client: "203.0.113.7", viaProxy: false),
        Case(name: "no proxies: headers ignored", trusted: "", peer: "203.0.113.7", xForwardedFor: ["10.0.0.1"],
             client: "203.0.113.7", viaProxy: true),
        Case(name: "untrusted peer forging X-Forwarded-For", trusted: "127.0.0.1/32", peer: "127.0.0.2",
             xForwardedFor: ["10.12.0.5"], client: "127.0.0.2", viaProxy: true),
        Case(name: "untrusted peer forging Forwarded", trusted: "127.0.0.1/32", peer: "198.51.100.9",
             forwarded: ["for=10.12.0.5"], client: "198.51.100.9", viaProxy: true),
        Case(name: "trusted proxy, one hop", trusted: "127.0.0.1/32", peer: "127.0.0.1", xForwardedFor: ["203.0.113.7"],
             client: "203.0.113.7", viaProxy: true),
        Case(name: "trusted proxy, client forged a left part", trusted: "127.0.0.1/32", peer: "127.0.0.1",
             xForwardedFor: ["10.12.0.5, 203.0.113.7"], client: "203.0.113.7", viaProxy: true),
        Case(name: "two trusted proxies in a chain", trusted: "127.0.0.1, 10.0.0.0/8", peer: "127.0.0.1",
             xForwardedFor: ["192.168.9.9, 203.0.113.7, 10.1.1.1"], client: "203.0.113.7", viaProxy: true),
        Case(name: "several header lines are one list", trusted: "127.0.0.1", peer: "127.0.0.1",
             xForwardedFor: ["192.168.9.9", "203.0.113.7"], client: "203.0.113.7", viaProxy: true),
        Case(name: "every hop trusted: the left-most", trusted: "127.0.0.0/8", peer: "127.0.0.1",
             xForwardedFor: ["127.0.0.9, 127.0.0.5"], client: "127.0.0.9", viaProxy: true),
        Case(name: "trusted proxy without headers: the peer, local", trusted: "127.0.0.1", peer: "127.0.0.1",
             client: "127.0.0.1", viaProxy: false),
        Case(name: "Forwarded wins over X-Forwarded-For", trusted: "127.0.0.1", peer: "127.0.0.1",
             forwarded: ["for=203.0.113.7;proto=https"], xForwardedFor: ["198.51.100.1"], client: "203.0.113.7", viaProxy: true),
        Case(name: "Forwarded with quoted IPv6 and port", trusted: "127.0.0.1", peer: "127.0.0.1",
             forwarded: [#"for="[2001:db8:cafe::17]:4711";proto=http"#], client: "2001:db8:cafe::17", viaProxy: true),
        Case(name: "Forwarded, several elements", trusted: "127.0.0.1, 10.0.0.0/8", peer: "127.0.0.1",
             forwarded: ["for=192.0.2.43, for=198.51.100.17;by=10.0.0.1, for=10.0.0.2"], client: "198.51.100.17", viaProxy: true),
        Case(name: "Forwarded, case-insensitive parameter", trusted: "127.0.0.1", peer: "127.0.0.1",
             forwarded: ["For=192.0.2.60"], client: "192.0.2.60", viaProxy: true),
        Case(name: "X-Forwarded-For with a port", trusted: "127.0.0.1", peer: "127.0.0.1",
             xForwardedFor: ["192.0.2.60:51234"], client: "192.0.2.60", viaProxy: true),
        Case(name: "unknown right of the client: unknown", trusted: "127.0.0.1", peer: "127.0.0.1",
             forwarded: ["for=192.0.2.60, for=unknown"], client: nil, viaProxy: true),
        Case(name: "garbage: unknown", trusted: "127.0.0.1", peer: "127.0.0.1", xForwardedFor: ["not an address"],
             client: nil, viaProxy: true),
        Case(name: "IPv6 proxy", trusted: "::1", peer: "::1", xForwardedFor: ["2001:db8::5"], client: "2001:db8::5", viaProxy: true),
    ]

    @Test(arguments: cases)
    func client(_ c: Case) throws {
        let proxies = try TrustedProxies.parse(c.trusted).get()
        let resolved = proxies.client(peer: IPAddress(c.peer), forwarded: c.forwarded, xForwardedFor: c.xForwardedFor)
        #expect(resolved.address == c.client.flatMap { IPAddress($0) })
        #expect(resolved.viaProxy == c.viaProxy)
    }

    @Test func onlyAPeerOnLoopbackWithoutForwardingIsLocal() throws {
        let proxies = try TrustedProxies.parse("127.0.0.1/32").get()
        #expect(proxies.client(peer: IPAddress("127.0.0.1"), forwarded: [], xForwardedFor: []).isLocal)
        #expect(proxies.client(peer: IPAddress("::1"), forwarded: [], xForwardedFor: []).isLocal)
        // Relayed by the proxy for a client on the same machine: not local (the metrics rule needs a key).
        #expect(!proxies.client(peer: IPAddress("127.0.0.1"), forwarded: [], xForwardedFor: ["127.0.0.2"]).isLocal)
        // Forwarding headers from an untrusted loopback peer: a proxy forgotten in trusted_proxies, not local.
        #expect(!TrustedProxies().client(peer: IPAddress("127.0.0.1"), forwarded: [], xForwardedFor: ["8.8.8.8"]).isLocal)
        #expect(!proxies.client(peer: IPAddress("192.0.2.1"), forwarded: [], xForwardedFor: []).isLocal)
    }

    func entry(of result: Result<TrustedProxies, TrustedProxies.ParseError>) -> String? {
        if case .failure(let error) = result { return error.entry }
        return nil
    }

    @Test func badEntriesAreNamed() {
        #expect(throws: TrustedProxies.ParseError.self) { try TrustedProxies.parse("127.0.0.1/32, 10.0.0.0/33").get() }
        #expect(entry(of: TrustedProxies.parse("127.0.0.1/32, 10.0.0.0/33")) == "10.0.0.0/33")
        #expect(entry(of: TrustedProxies.parse("nginx")) == "nginx")
        #expect((try? TrustedProxies.parse("").get())?.isEmpty == true)
    }

    @Test func tlsIsBelievedOnlyFromATrustedProxy() throws {
        let proxies = try TrustedProxies.parse("10.0.0.0/8").get()
        let proxy = IPAddress("10.1.2.3"), stranger = IPAddress("203.0.113.9")
        #expect(proxies.reportsTLS(peer: proxy, forwarded: [], xForwardedProto: ["https"]))
        #expect(proxies.reportsTLS(peer: proxy, forwarded: ["for=198.51.100.1;proto=https"], xForwardedProto: []))
        #expect(proxies.reportsTLS(peer: proxy, forwarded: ["for=198.51.100.1;proto=http, for=10.9.9.9;proto=\"HTTPS\""], xForwardedProto: []))
        #expect(!proxies.reportsTLS(peer: proxy, forwarded: ["for=198.51.100.1;proto=https, for=10.9.9.9;proto=http"], xForwardedProto: []))
        #expect(!proxies.reportsTLS(peer: proxy, forwarded: ["for=198.51.100.1"], xForwardedProto: ["http"]))
        #expect(!proxies.reportsTLS(peer: stranger, forwarded: ["proto=https"], xForwardedProto: ["https"]))
        #expect(!proxies.reportsTLS(peer: nil, forwarded: [], xForwardedProto: ["https"]))
    }
}
