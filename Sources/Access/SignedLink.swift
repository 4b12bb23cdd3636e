import GatewaySupport
import Crypto

/// The parameters of a signed patron link (README, "For OPAC and system developers"): a member library's OPAC can mint them in any
/// language from the canonical string below.
public struct SignedLink: Sendable, Hashable {
    public var assetID: String
    /// Patron or library id.
    public var subject: String
    /// The library that vouches for the subject; must be the signing key's library.
    public var library: String
    public var action: LinkAction
    /// Expiry, unix seconds.
    public var expires: Int64
    public var keyID: String
    /// Address or CIDR the link is bound to, if any.
    public var boundNetwork: String?

    public init(
        assetID: String, subject: String, library: String, action: LinkAction, expires: Int64, keyID: String,
        boundNetwork: String? = nil
    ) {
        self.assetID = assetID
        self.subject = subject
        self.library = library
        self.action = action
        self.expires = expires
        self.keyID = keyID
        self.boundNetwork = boundNetwork
    }

    /// `"v1\n" + asset_id + "\n" + sub + "\n" + lib + "\n" + act + "\n" + exp + "\n" + ip` (ip empty when absent).
    public var canonicalString: String {
        "v1\n\(assetID)\n\(subject)\n\(library)\n\(action.rawValue)\n\(expires)\n\(boundNetwork ?? "")"
    }

    /// base64url (no padding) of HMAC-SHA256(secret, canonical string).
    public func signature(secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(canonicalString.utf8), using: SymmetricKey(data: secret))
        return Base64URL.encode(Array(mac))
    }

    /// The query string of the link, parameters in the documented order, values percent-encoded.
    public func queryString(secret: [UInt8]) -> String {
        var items: [(String, String)] = [
            ("sub", subject), ("lib", library), ("act", action.rawValue), ("exp", String(expires)), ("kid", keyID),
        ]
        if let boundNetwork { items.append(("ip", boundNetwork)) }
        items.append(("sig", signature(secret: secret)))
        return items.map { "\($0.0)=\(PercentEncoding.encodeQueryValue($0.1))" }.joined(separator: "&")
    }

    /// Checks `candidate` against the expected signature in constant time.
    public func hasValidSignature(_ candidate: String, secret: [UInt8]) -> Bool {
        guard let bytes = Base64URL.decode(candidate), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            bytes, authenticating: Array(canonicalString.utf8), using: SymmetricKey(data: secret))
    }
}

/// Percent-encoding for query values (RFC 3986 unreserved characters pass through).
public enum PercentEncoding {
    public static func encodeQueryValue(_ value: String) -> String {
        var out = [UInt8]()
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            switch byte {
            case 0x41...0x5a, 0x61...0x7a, 0x30...0x39, 0x2d, 0x2e, 0x5f, 0x7e:
                out.append(byte)
            default:
                out.append(0x25)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
