/// Address blocks in a `when:` condition, such as `[10.12.0.0/16]` or `"@reading-rooms"`, references expanded.
public struct PolicyNetworkList: Sendable, Hashable, CustomStringConvertible {
    /// The entries as written.
    public let written: [String]
    /// Every block the list stands for.
    public let ranges: [NetworkRange]

    public init(written: [String], ranges: [NetworkRange]) {
        self.written = written
        self.ranges = ranges
    }

    /// Whether `address` lies in one of the blocks; an unknown address lies in none.
    public func contains(_ address: IPAddress?) -> Bool {
        guard let address else { return false }
        return ranges.contains { $0.contains(address) }
    }

    public var description: String {
        if written.count == 1, written[0].hasPrefix("@") { return written[0] }
        return "[" + written.joined(separator: ", ") + "]"
    }
}
