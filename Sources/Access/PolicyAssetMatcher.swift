/// The `assets:` part of a rule: conditions on the asset that must all hold (absent = any asset).
public struct PolicyAssetMatcher: Sendable, Hashable {
    /// `collections:`
    public var collections: PolicyNameList?
    /// `rights:` (`open`, `in-copyright`, `restricted`).
    public var rights: PolicyNameList?
    /// `owners:` the owning library.
    public var owners: PolicyNameList?
    /// `media_kinds:` (`pdf`, `epub`, `text`, `image`, `audio`, `video`, `other`).
    public var mediaKinds: PolicyNameList?
    /// `embargoed: true` matches only embargoed assets, `false` only assets not under embargo.
    public var embargoed: Bool?

    public init(
        collections: PolicyNameList? = nil, rights: PolicyNameList? = nil, owners: PolicyNameList? = nil,
        mediaKinds: PolicyNameList? = nil, embargoed: Bool? = nil
    ) {
        self.collections = collections
        self.rights = rights
        self.owners = owners
        self.mediaKinds = mediaKinds
        self.embargoed = embargoed
    }

    /// Matches every asset.
    public static let any = PolicyAssetMatcher()
}
