import GatewaySupport
import Access
import Crypto
import Foundation
import Testing

@Suite struct SignedLinkTests {
    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)
    static let key = SigningKey(id: "harbin-1", library: "harbin", secret: Base64URL.encode(secret))
    static let otherKey = SigningKey(id: "qiqihar-1", library: "qiqihar", secret: Base64URL.encode(Array("another secret of 32 bytes......".utf8)))
    static let verifier = LinkVerifier(keys: { id in [key, otherKey].first { $0.id == id } })
    static let now: Int64 = 1_800_000_000

    static func link(ip: String? = nil, action: LinkAction = .read, expires: Int64 = now + 600) -> SignedLink {
        SignedLink(assetID: "asset1", subject: "patron-42", library: "harbin", action: action, expires: expires,
            keyID: "harbin-1", boundNetwork: ip)
    }

    static func query(_ link: SignedLink, secret: [UInt8] = secret) -> [(String, String)] {
        link.queryString(secret: secret).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1].removingPercentEncoding!)
        }
    }

    @Test func canonicalStringIsTheDocumentedOne() {
        #expect(Self.link().canonicalString == "v1\nasset1\npatron-42\nharbin\nread\n1800000600\n")
        #expect(Self.link(ip: "10.12.0.0/16").canonicalString == "v1\nasset1\npatron-42\nharbin\nread\n1800000600\n10.12.0.0/16")
    }

    /// A library's OPAC computes the signature independently (here with swift-crypto directly, as any HMAC library
    /// would); the gateway must agree byte for byte.
    @Test func signatureMatchesAnIndependentHMAC() {
        let canonical = "v1\nasset1\npatron-42\nharbin\nread\n1800000600\n"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(canonical.utf8), using: SymmetricKey(data: Self.secret))
        let expected = Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(Self.link().signature(secret: Self.secret) == expected)
    }

    @Test func validLinkVerifies() throws {
        let verified = try Self.verifier.verify(assetID: "asset1", query: Self.query(Self.link()), clientAddress: nil, now: Self.now)
        #expect(verified.subject == "patron-42")
        #expect(verified.action == .read)
    }

    @Test func noParametersMeansCredentialsRequired() {
        #expect(throws: AccessError.self) {
            try Self.verifier.verify(assetID: "asset1", query: [("foo", "bar")], clientAddress: nil, now: Self.now)
        }
        let error = try? Self.verifier.verify(assetID: "asset1", query: [], clientAddress: nil, now: Self.now)
        #expect(error == nil)
        do {
            _ = try Self.verifier.verify(assetID: "asset1", query: [], clientAddress: nil, now: Self.now)
        } catch {
            #expect(error.code == "credentials_required")
            #expect(error.kind == .unauthenticated)
        }
    }

    enum Tamper: String, CaseIterable, Sendable {
        case subject, library, action, expires, keyID, signatureChar, signatureTruncated, signaturePadded, assetID
        case removeSig, removeExp, removeSub, duplicateSig, duplicateSub, addIP
    }

    /// Every field changed, removed or duplicated makes the link invalid.
    @Test(arguments: Tamper.allCases) func tamperedLinkIsRejected(_ tamper: Tamper) {
        var query = Self.query(Self.link())
        var asset = "asset1"
        func replace(_ name: String, _ transform: (String) -> String) {
            query = query.map { $0.0 == name ? ($0.0, transform($0.1)) : $0 }
        }
        switch tamper {
        case .subject: replace("sub") { _ in "patron-43" }
        case .library: replace("lib") { _ in "qiqihar" }
        case .action: replace("act") { _ in "download" }
        case .expires: replace("exp") { _ in String(Self.now + 10_000_000) }
        case .keyID: replace("kid") { _ in "qiqihar-1" }
        case .signatureChar: replace("sig") { sig in (sig.first == "A" ? "B" : "A") + sig.dropFirst() }
        case .signatureTruncated: replace("sig") { String($0.dropLast(2)) }
        case .signaturePadded: replace("sig") { $0 + "=" }
        case .assetID: asset = "asset2"
        case .removeSig: query.removeAll { $0.0 == "sig" }
        case .removeExp: query.removeAll { $0.0 == "exp" }
        case .removeSub: query.removeAll { $0.0 == "sub" }
        case .duplicateSig: query.append(query.first { $0.0 == "sig" }!)
        case .duplicateSub: query.append(("sub", "patron-42"))
        case .addIP: query.append(("ip", "10.0.0.1"))
        }
        do {
            _ = try Self.verifier.verify(assetID: asset, query: query, clientAddress: IPAddress("10.0.0.1"), now: Self.now)
            Issue.record("tampered link (\(tamper)) was accepted")
        } catch {
            #expect(error.kind == .unauthenticated, "\(tamper) gave \(error.code)")
        }
    }

    @Test func expiredLinkIsGone() {
        let link = Self.link(expires: Self.now - 1)
        do {
            _ = try Self.verifier.verify(assetID: "asset1", query: Self.query(link), clientAddress: nil, now: Self.now)
            Issue.record("expired link accepted")
        } catch {
            #expect(error.kind == .gone)
            #expect(error.code == "link_expired")
        }
    }

    @Test func expiryIsExclusive() {
        let link = Self.link(expires: Self.now)
        #expect(throws: AccessError.self) {
            try Self.verifier.verify(assetID: "asset1", query: Self.query(link), clientAddress: nil, now: Self.now)
        }
    }

    @Test func keyOfAnotherLibraryIsRejected() {
        // Signed correctly with qiqihar's key, but claiming harbin vouches.
        var link = Self.link()
        link.keyID = "qiqihar-1"
        let query = Self.query(link, secret: Self.otherKey.secretBytes!)
        do {
            _ = try Self.verifier.verify(assetID: "asset1", query: query, clientAddress: nil, now: Self.now)
            Issue.record("cross-library key accepted")
        } catch {
            #expect(error.code == "key_library_mismatch")
            #expect(error.kind == .unauthenticated)
        }
    }

    @Test func forgedSignatureWithWrongSecretIsRejected() {
        let query = Self.query(Self.link(), secret: Array("not the right secret at all.....".utf8))
        #expect(throws: AccessError.self) {
            try Self.verifier.verify(assetID: "asset1", query: query, clientAddress: nil, now: Self.now)
        }
    }

    @Test(arguments: [
        ("10.12.3.4", "10.12.0.0/16", true), ("10.13.0.1", "10.12.0.0/16", false), ("192.0.2.7", "192.0.2.7", true),
        ("192.0.2.8", "192.0.2.7", false), ("2001:db8::5", "2001:db8::/32", true), ("2001:db9::5", "2001:db8::/32", false),
        ("::ffff:10.12.9.9", "10.12.0.0/16", true),
    ])
    func ipBinding(client: String, bound: String, allowed: Bool) {
        let link = Self.link(ip: bound)
        let result = Result { () throws(AccessError) -> SignedLink in
            try Self.verifier.verify(assetID: "asset1", query: Self.query(link), clientAddress: IPAddress(client), now: Self.now)
        }
        switch result {
        case .success: #expect(allowed)
        case .failure(let error):
            #expect(!allowed)
            #expect(error.code == "address_not_allowed")
        }
    }

    @Test func malformedExpiryIsRejected() {
        var query = Self.query(Self.link())
        query = query.map { $0.0 == "exp" ? ("exp", "-5") : $0 }
        do {
            _ = try Self.verifier.verify(assetID: "asset1", query: query, clientAddress: nil, now: Self.now)
            Issue.record("negative exp accepted")
        } catch {
            #expect(error.code == "malformed_link")
        }
    }
}
