/// Who is asking: the identity an authenticator established for the request.
public struct PolicySubject: Sendable, Hashable, CustomStringConvertible {
    /// The kind of identity, as rules name it in `subjects: { kinds: [...] }`.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// No credentials at all.
        case anonymous
        /// A patron holding a signed link that a member library vouches for.
        case patron
        /// A member library calling the API with its bearer key.
        case library
        /// An administrator calling with an admin key.
        case admin

        public var description: String { rawValue }

        var bit: UInt8 {
            switch self {
            case .anonymous: return 1
            case .patron: return 2
            case .library: return 4
            case .admin: return 8
            }
        }
    }

    public var kind: Kind
    /// The patron id (a signed link's `sub`), the library's own id for a library key, the admin key's name; `nil` for
    /// anonymous requests.
    public var id: String?
    /// The library that vouches for a patron (a link's `lib`), or the calling library itself for a library key.
    public var library: String?

    public init(kind: Kind, id: String? = nil, library: String? = nil) {
        self.kind = kind
        self.id = id
        self.library = library
    }

    /// A request without credentials.
    public static let anonymous = PolicySubject(kind: .anonymous)

    /// A patron vouched for by `library`.
    public static func patron(_ id: String, library: String) -> PolicySubject {
        PolicySubject(kind: .patron, id: id, library: library)
    }

    /// A member library using its API key.
    public static func library(_ library: String) -> PolicySubject {
        PolicySubject(kind: .library, id: library, library: library)
    }

    /// An administrator.
    public static func admin(_ id: String = "admin") -> PolicySubject {
        PolicySubject(kind: .admin, id: id)
    }

    public var description: String {
        var text = kind.rawValue
        if let id { text += " '\(id)'" }
        if let library, library != id { text += " of library '\(library)'" }
        return text
    }
}
