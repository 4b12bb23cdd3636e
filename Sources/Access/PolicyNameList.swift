/// A list of names in a rule condition, such as `[local-docs, gov-info]` or `"@member-libraries"`, with its
/// `@group` references already expanded.
public struct PolicyNameList: Sendable, Hashable, CustomStringConvertible {
    /// The entries as written, references with their `@`.
    public let written: [String]
    /// Every name the list stands for.
    public let names: Set<String>

    /// - Parameters:
    ///   - written: the entries as the file spells them (used in explanations).
    ///   - names: the names after expanding references.
    public init(written: [String], names: Set<String>) {
        self.written = written
        self.names = names
    }

    /// A list of plain names.
    public init(_ names: [String]) {
        self.init(written: names, names: Set(names))
    }

    public func contains(_ name: String?) -> Bool {
        guard let name else { return false }
        return names.contains(name)
    }

    /// `@member-libraries` for a lone reference, otherwise `[a, b, @c]`.
    public var description: String {
        if written.count == 1, written[0].hasPrefix("@") { return written[0] }
        return "[" + written.joined(separator: ", ") + "]"
    }
}
