/// Copyright status of an asset, as the catalogue records it.
public enum Rights: String, Sendable, Hashable, Codable, CaseIterable {
    /// Public domain or openly licensed (government information, expired copyright).
    case open
    /// Protected by copyright: delivered under the network's agreements only.
    case inCopyright = "in-copyright"
    /// Restricted by the donor or by law: reading room only unless a policy says otherwise.
    case restricted
}
