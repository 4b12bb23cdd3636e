/// Where a delivery stands at a moment. The raw values are the words the HTTP status uses.
public enum DeliveryState: String, Sendable, Hashable, CaseIterable {
    /// The link works: not revoked, not expired, downloads left.
    case active
    /// The expiry time has passed. The link answers 410.
    case expired
    /// Every allowed download has been started. The link answers 410 to new downloads (a download already under
    /// way may finish within its window; see ``DeliveryStore``).
    case exhausted
    /// The sending library (or an administrator) revoked the delivery. The link answers 410 at once, even to a
    /// download under way.
    case revoked
}
