import Access

/// Who is asking: a patron holding a signed link, a member library or an administrator holding a bearer key.
enum Identity: Sendable {
    case patron(SignedLink)
    case library(String, keyID: String)
    case admin(keyID: String)
    /// A patron holding a delivery link: the delivering library's subject, counted per delivery.
    case delivery(id: String, library: String)

    /// The subject policies decide about.
    var policySubject: PolicySubject {
        switch self {
        case .patron(let link): return .patron(link.subject, library: link.library)
        case .library(let library, _): return .library(library)
        case .admin(let keyID): return .admin(keyID)
        case .delivery(_, let library): return .library(library)
        }
    }

    /// The action a request by this identity stands for on `/content` (keys download; links say theirs).
    var contentAction: LinkAction {
        if case .patron(let link) = self { return link.action }
        return .download
    }
}
