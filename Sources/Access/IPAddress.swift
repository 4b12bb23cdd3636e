#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, held as 16 bytes (IPv4 as an IPv4-mapped IPv6 address, so both compare alike).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let isIPv4: Bool

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (an IPv6 zone suffix such as `%eth0` is ignored).
    public init?(_ text: some StringProtocol) {
        var string = String(text)
        if let percent = string.firstIndex(of: "%") { string = String(string[..<percent]) }
        if string.hasPrefix("[") && string.hasSuffix("]") { string = String(string.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            let raw = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] + raw
            isIPv4 = true
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, string, &v6) == 1 {
            let raw = withUnsafeBytes(of: v6) { Array($0) }
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address.
            isIPv4 = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xff && raw[11] == 0xff
            bytes = raw
            return
        }
        return nil
    }

    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        var groups = [String]()
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
}

/// An address block such as `10.12.0.0/16` or `2001:db8::/32`; a bare address is a block of one.
public struct NetworkRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    /// Prefix length counted on the 128-bit form (an IPv4 /16 is stored as /112).
    let prefixLength: Int
    public let description: String

    public init?(_ text: some StringProtocol) {
        let string = String(text).trimmingSpaces()
        let parts = string.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.count <= 3, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let parsed = Int(parts[1]), parsed <= maximum
            else { return nil }
            length = parsed
        }
        prefixLength = address.isIPv4 ? length + 96 : length
        network = address
        description = string
    }

    /// Whether `address` lies in this block.
    public func contains(_ address: IPAddress) -> Bool {
        var remaining = prefixLength
        var index = 0
        while remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if (network.bytes[index] & mask) != (address.bytes[index] & mask) { return false }
            remaining -= 8
            index += 1
        }
        return true
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view.removeFirst() }
        while view.last == " " || view.last == "\t" { view.removeLast() }
        return String(view)
    }
}
