/// The text fields of a delivery request, with their limits. Lengths count Unicode scalars, so a limit bounds the
/// stored size however the text is composed.
enum DeliveryField: Sendable, Hashable {
    case library
    case asset
    case patronID
    case patronName
    case patronEmail
    case note

    /// The field's name in the HTTP interface (`POST /deliveries`).
    var name: String {
        switch self {
        case .library: return "library"
        case .asset: return "asset"
        case .patronID: return "patron.id"
        case .patronName: return "patron.name"
        case .patronEmail: return "patron.email"
        case .note: return "note"
        }
    }

    /// The suffix of the error code, `invalid_<code>`.
    var code: String {
        switch self {
        case .library: return "library"
        case .asset: return "asset"
        case .patronID: return "patron_id"
        case .patronName: return "patron_name"
        case .patronEmail: return "patron_email"
        case .note: return "note"
        }
    }

    /// What the field holds, for "give the …" messages.
    var meaning: String {
        switch self {
        case .library: return "id of the member library sending the delivery"
        case .asset: return "id of the asset to deliver"
        case .patronID: return "patron's id in your library system (a card number, for example)"
        case .patronName: return "patron's name, or leave it out"
        case .patronEmail: return "patron's email address, or leave it out"
        case .note: return "note for the patron, or leave it out"
        }
    }

    /// The most Unicode scalars the field may hold.
    var limit: Int {
        switch self {
        case .library, .asset, .patronID, .patronName: return 200
        case .patronEmail: return 320
        case .note: return 2000
        }
    }

    /// Whether line breaks and tabs are allowed (only a note may span lines).
    var allowsLineBreaks: Bool { self == .note }

    /// Checks `text` against the field's rules: not empty (not only white space), at most ``limit`` scalars, and no
    /// control characters, line or paragraph separators, or bidirectional overrides (which could disguise text on
    /// the patron's landing page).
    func validate(_ text: String) throws(DeliveryError) {
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            throw .invalidField(self, .empty)
        }
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit { throw .invalidField(self, .tooLong(limit: limit)) }
            if Self.isForbidden(scalar, allowingLineBreaks: allowsLineBreaks) {
                throw .invalidField(self, .controlCharacter)
            }
        }
        if self == .patronEmail, !Self.looksLikeEmailAddress(text) {
            throw .invalidField(self, .notAnEmailAddress)
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar, allowingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !allowingLineBreaks
        case 0x0D: return !allowingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0 and C1 controls
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional embeddings, overrides and isolates
        default: return false
        }
    }

    /// A light check, not RFC 5322: one `@` with something on each side and no white space. The address is only
    /// shown to people, never used to send mail.
    static func looksLikeEmailAddress(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        return !local.isEmpty && !domain.isEmpty && !domain.contains("@")
            && !text.unicodeScalars.contains(where: \.properties.isWhitespace)
    }
}
