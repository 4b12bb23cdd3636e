/// Verifies signed links: a pure function of the link's query parameters, the key ring, the client address and the
/// current time.
public struct LinkVerifier: Sendable {
    /// Looks a key up by id.
    public let keys: @Sendable (String) -> SigningKey?

    public init(keys: @escaping @Sendable (String) -> SigningKey?) {
        self.keys = keys
    }

    /// The names of the link parameters.
    public static let parameterNames: Set<String> = ["sub", "lib", "act", "exp", "kid", "ip", "sig"]

    /// Verifies the link parameters in `query` for `assetID`.
    /// - Parameters:
    ///   - query: decoded query items in order; a link parameter given twice is rejected (no ambiguity to exploit).
    ///   - clientAddress: the peer address, checked against an `ip` binding.
    ///   - now: unix seconds.
    /// - Returns: the verified link.
    public func verify(assetID: String, query: [(String, String)], clientAddress: IPAddress?, now: Int64)
        throws(AccessError) -> SignedLink
    {
        var values = [String: String]()
        for (name, value) in query where Self.parameterNames.contains(name) {
            guard values[name] == nil else { throw AccessError(.malformedLink("parameter '\(name)' appears twice")) }
            values[name] = value
        }
        guard !values.isEmpty else { throw AccessError(.credentialsMissing) }
        for name in ["sub", "lib", "act", "exp", "kid", "sig"] where (values[name] ?? "").isEmpty {
            throw AccessError(.malformedLink("parameter '\(name)' is missing"))
        }
        let subject = values["sub"]!, library = values["lib"]!, keyID = values["kid"]!, sig = values["sig"]!
        guard let action = LinkAction(rawValue: values["act"]!) else {
            throw AccessError(.malformedLink("'act' must be read, download or stream"))
        }
        let expText = values["exp"]!
        guard expText.utf8.count <= 18, expText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let expires = Int64(expText)
        else { throw AccessError(.malformedLink("'exp' must be unix seconds")) }
        let bound = values["ip"]
        var network: NetworkRange?
        if let bound {
            guard let parsed = NetworkRange(bound) else { throw AccessError(.malformedLink("'ip' is not an address")) }
            network = parsed
        }
        guard let key = keys(keyID), let secret = key.secretBytes else { throw AccessError(.unknownKey) }
        guard key.library == library else { throw AccessError(.keyLibraryMismatch) }
        let link = SignedLink(
            assetID: assetID, subject: subject, library: library, action: action, expires: expires, keyID: keyID,
            boundNetwork: bound)
        // The signature is checked before expiry and address, so a forged link learns nothing else.
        guard link.hasValidSignature(sig, secret: secret) else { throw AccessError(.badSignature) }
        guard now < expires else { throw AccessError(.expired) }
        if let network {
            guard let clientAddress, network.contains(clientAddress) else { throw AccessError(.addressNotAllowed) }
        }
        return link
    }
}
