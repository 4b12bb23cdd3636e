/// A validated set of policy rules with the groups and networks they refer to, as loaded from `Policies/*.yaml`.
/// Immutable; hand it to ``PolicyEngine`` to decide requests.
public struct PolicySet: Sendable {
    /// Every rule, in file-name order and then in the order written.
    public let rules: [PolicyRule]
    /// `groups:` with references expanded: group name (without `@`) → names.
    public let groups: [String: [String]]
    /// `networks:` with references expanded: network group name → address blocks.
    public let networks: [String: [NetworkRange]]
    /// Where each group and network group is defined.
    public let definitions: [String: PolicySourcePosition]
    /// The files the set was read from, in reading order.
    public let files: [String]
    /// Problems that do not stop the set from loading (`file:line:column: message`), such as an empty set (everything
    /// is denied) or a group no rule uses.
    public let warnings: [String]

    /// A set built in code (no validation beyond what the types ensure).
    public init(
        rules: [PolicyRule], groups: [String: [String]] = [:], networks: [String: [NetworkRange]] = [:],
        definitions: [String: PolicySourcePosition] = [:], files: [String] = [], warnings: [String] = []
    ) {
        self.rules = rules
        self.groups = groups
        self.networks = networks
        self.definitions = definitions
        self.files = files
        self.warnings = warnings
    }

    /// No rules: every request is denied.
    public static let empty = PolicySet(rules: [])

    /// The rule with `id`.
    public func rule(id: String) -> PolicyRule? {
        rules.first { $0.id == id }
    }
}
