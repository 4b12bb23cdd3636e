/// What ``DeliveryStore/recordAccess(token:client:now:)`` decided about one byte-serving request.
public enum AccessOutcome: Sendable, Hashable {
    /// A new download: serve the bytes. This request opened a download window and used one download.
    case counted(Delivery)
    /// Part of a download already counted (the client's window is open): serve the bytes, count nothing.
    case continuing(Delivery)
    /// Every download has been used and this client has no open window: answer 410.
    case exhausted(Delivery)
    /// The delivery has expired: answer 410.
    case expired(Delivery)
    /// The delivery was revoked: answer 410, even to a client in the middle of a download.
    case revoked(Delivery)
    /// No delivery has this token or id (including malformed ones): answer 404.
    case notFound

    /// Whether the request may be served.
    public var servesBytes: Bool {
        switch self {
        case .counted, .continuing: return true
        case .exhausted, .expired, .revoked, .notFound: return false
        }
    }

    /// The delivery as it stands after the decision, when there is one.
    public var delivery: Delivery? {
        switch self {
        case .counted(let d), .continuing(let d), .exhausted(let d), .expired(let d), .revoked(let d): return d
        case .notFound: return nil
        }
    }
}
