/// Why a request was not let through. Maps to one HTTP status and a machine code in one place (the server's error
/// mapping); the message never reveals policy internals to patrons.
public struct AccessError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 401: no credentials, or credentials that cannot be checked.
        case unauthenticated
        /// 403: authenticated but not allowed.
        case forbidden
        /// 410: a link that was valid once and no longer is.
        case gone
    }

    enum Base: Sendable, Hashable {
        case credentialsMissing
        case malformedLink(String)
        case unknownKey
        case keyLibraryMismatch
        case badSignature
        case expired
        case addressNotAllowed
        case actionNotAllowed(LinkAction)
        case malformedCredentials
        case invalidKey
    }

    /// An `Authorization` header that is not `Bearer <key>`.
    public static let malformedCredentials = AccessError(.malformedCredentials)
    /// A bearer key that is unknown, wrong or revoked.
    public static let invalidKey = AccessError(.invalidKey)
    /// An administrator's key is needed and none was given.
    public static let credentialsMissingForAdmin = AccessError(.credentialsMissing)

    let base: Base

    init(_ base: Base) { self.base = base }

    public var kind: Kind {
        switch base {
        case .credentialsMissing, .malformedLink, .unknownKey, .keyLibraryMismatch, .badSignature, .malformedCredentials,
            .invalidKey:
            return .unauthenticated
        case .expired: return .gone
        case .addressNotAllowed, .actionNotAllowed: return .forbidden
        }
    }

    /// Machine-readable code for the JSON error body.
    public var code: String {
        switch base {
        case .credentialsMissing: return "credentials_required"
        case .malformedLink: return "malformed_link"
        case .unknownKey: return "unknown_key"
        case .keyLibraryMismatch: return "key_library_mismatch"
        case .badSignature: return "invalid_signature"
        case .expired: return "link_expired"
        case .addressNotAllowed: return "address_not_allowed"
        case .actionNotAllowed: return "action_not_allowed"
        case .malformedCredentials: return "malformed_credentials"
        case .invalidKey: return "invalid_key"
        }
    }

    /// Text a patron can act on.
    public var description: String {
        switch base {
        case .credentialsMissing:
            return "This address needs a signed link or an API key. Ask your library for a new link."
        case .malformedLink(let detail):
            return "The link is incomplete or damaged (\(detail)). Copy the whole link again or ask your library for a new one."
        case .unknownKey, .badSignature:
            return "The link's signature is not valid. Copy the whole link again or ask your library for a new one."
        case .keyLibraryMismatch:
            return "The link was signed with a key of another library. Ask your library for a new link."
        case .expired:
            return "The link has expired. Ask your library for a new one."
        case .malformedCredentials:
            return "The Authorization header must be 'Bearer <key>'."
        case .invalidKey:
            return "The API key is not valid (unknown or revoked). Ask the gateway's administrator for a key."
        case .addressNotAllowed:
            return "This link works only from the network it was issued for (for example the library's reading room)."
        case .actionNotAllowed(let action):
            switch action {
            case .stream: return "This link allows playing the media only, not fetching the original file."
            case .read, .download: return "This link does not allow that use of the item."
            }
        }
    }
}
