import Access
import HTTPTypes

/// What a request wants of an item, which decides the policy action it is judged as.
enum ContentUse: Sendable, Equatable {
    /// The original file (`/assets/{id}/content`): a link's own action (`read` inline, `download` attachment); a key
    /// downloads. A `stream` link never reaches the original.
    case original
    /// Playing: a rendition, an HLS playlist or segment (the `stream` action, whatever the link; a `read` link may not).
    case play
    /// The bytes of an interlibrary delivery (`/d/{token}/content`): the `deliver` action.
    case delivered
    /// Making a delivery (`POST /deliveries`): the `deliver` action.
    case deliver
    /// The item's metadata: what a link's own action reaches, or any action for a key.
    case metadata

    /// The policy actions this use is judged as (allowed when the policy allows any), or why the caller's
    /// credentials never reach it.
    func actions(for identity: Identity) -> Result<[PolicyAction], ContentRefusal> {
        switch self {
        case .original:
            guard identity.contentAction != .stream else {
                return .failure(ContentRefusal(
                    status: .forbidden, code: "action_not_allowed",
                    message: "This link allows playing the media only, not fetching the original file."))
            }
            return .success([PolicyAction(identity.contentAction)])
        case .play:
            guard identity.contentAction != .read else {
                return .failure(ContentRefusal(
                    status: .forbidden, code: "action_not_allowed",
                    message: "This link opens the document only; ask for a playback link."))
            }
            return .success([.stream])
        case .delivered, .deliver:
            return .success([.deliver])
        case .metadata:
            if case .patron(let link) = identity { return .success([PolicyAction(link.action)]) }
            return .success(PolicyAction.allCases)
        }
    }
}
