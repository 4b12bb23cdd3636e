/// The set of transcode profiles the gateway offers, by name.
public struct ProfileCatalog: Sendable {
    /// Profiles in the order they were defined.
    public let profiles: [TranscodeProfile]
    private let byName: [String: TranscodeProfile]

    /// A catalog of already validated profiles (names must be unique).
    public init(profiles: [TranscodeProfile]) {
        self.profiles = profiles
        var byName: [String: TranscodeProfile] = [:]
        for profile in profiles where byName[profile.name] == nil { byName[profile.name] = profile }
        self.byName = byName
    }

    /// The profile called `name`, or `nil` (the server answers `404`).
    public subscript(name: String) -> TranscodeProfile? { byName[name] }

    /// All profile names, in definition order.
    public var names: [String] { profiles.map(\.name) }
}
