/// The reverse proxies whose word about the client's address is believed (`trusted_proxies`).
///
/// Only when the socket peer lies inside these blocks is the client taken from the forwarding headers: RFC 7239
/// `Forwarded` (its `for=` parameters) if present, otherwise `X-Forwarded-For`. Either lists the hops left to right,
/// each proxy appending the address it received the request from; the client is the right-most address that is not
/// itself a trusted proxy (everything left of it was written by the client and can be forged). With no trusted
/// proxies, or from any other peer, the peer is the client and the headers are ignored.
public struct TrustedProxies: Sendable, Equatable {
    /// The blocks as configured.
    public let ranges: [NetworkRange]
    private let compiled: [CompiledNetworkRange]

    public init(_ ranges: [NetworkRange] = []) {
        self.ranges = ranges
        compiled = ranges.map(CompiledNetworkRange.init)
    }

    /// Parses `10.0.0.1, 192.168.0.0/16, ::1` (commas or spaces between blocks); nil with the first bad entry.
    public static func parse(_ text: String) -> Result<TrustedProxies, ParseError> {
        var ranges = [NetworkRange]()
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) where !item.isEmpty {
            guard let range = NetworkRange(item) else { return .failure(ParseError(entry: String(item))) }
            ranges.append(range)
        }
        return .success(TrustedProxies(ranges))
    }

    /// An entry of `trusted_proxies` that is not an address or CIDR block.
    public struct ParseError: Error, Sendable, Equatable {
        public let entry: String
    }

    public static func == (lhs: TrustedProxies, rhs: TrustedProxies) -> Bool { lhs.ranges == rhs.ranges }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `address` is one of the trusted proxies.
    public func contains(_ address: IPAddress) -> Bool {
        let (high, low) = CompiledNetworkRange.halves(address)
        return compiled.contains { $0.contains(high: high, low: low) }
    }

    /// The client of a request that arrived from `peer` carrying these header values (each list holds every line
    /// of that header, in order).
    public func client(peer: IPAddress?, forwarded: [String], xForwardedFor: [String]) -> ClientAddress {
        let carriesForwarding = !forwarded.isEmpty || !xForwardedFor.isEmpty
        guard let peer, !compiled.isEmpty, contains(peer), carriesForwarding else {
            return ClientAddress(address: peer, viaProxy: carriesForwarding)
        }
        let hops: [Hop]
        if !forwarded.isEmpty {
            hops = forwarded.flatMap(Self.forwardedHops)
        } else {
            hops = xForwardedFor.flatMap { line in
                line.split(separator: ",").map { Hop(IPAddress(Self.stripPort(String($0).trimmingSpaces()))) }
            }
        }
        // Right to left: the first hop that is not a trusted proxy is the client. A hop that cannot be read
        // ("unknown", an obfuscated name, garbage) stops the walk: nothing left of it can be believed, and the
        // client is then unknown rather than whatever the far end wrote.
        var client: IPAddress? = peer
        for hop in hops.reversed() {
            guard let address = hop.address else { return ClientAddress(address: nil, viaProxy: true) }
            client = address
            if !contains(address) { break }
        }
        return ClientAddress(address: client, viaProxy: true)
    }

    /// Whether a request that arrived from `peer` came to the proxy over TLS: `peer` is a trusted proxy and the last
    /// `Forwarded` element says `proto=https`, or `X-Forwarded-Proto` says `https`. Nobody else is believed.
    public func reportsTLS(peer: IPAddress?, forwarded: [String], xForwardedProto: [String]) -> Bool {
        guard let peer, contains(peer) else { return false }
        if xForwardedProto.contains(where: { $0.trimmingSpaces().lowercased() == "https" }) { return true }
        guard let last = forwarded.last.flatMap({ Self.splitOutsideQuotes($0, separator: ",").last }) else { return false }
        return Self.value(of: "proto", in: last)?.lowercased() == "https"
    }

    /// One element of a forwarding list.
    private struct Hop {
        var address: IPAddress?
        init(_ address: IPAddress?) { self.address = address }
    }

    /// The `for=` nodes of one `Forwarded` line (RFC 7239 §4): elements separated by commas, pairs by semicolons,
    /// values tokens or quoted strings (`for="[2001:db8::1]:4711"`). An element without `for=` is a hop nobody
    /// can place.
    private static func forwardedHops(_ line: String) -> [Hop] {
        var hops = [Hop]()
        for element in splitOutsideQuotes(line, separator: ",") {
            hops.append(Hop(value(of: "for", in: element).flatMap { IPAddress(stripPort($0)) }))
        }
        return hops
    }

    /// The value of the last `name=` pair of one `Forwarded` element, unquoted.
    private static func value(of name: String, in element: String) -> String? {
        var found: String?
        for pair in splitOutsideQuotes(element, separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).trimmingSpaces().lowercased() == name else { continue }
            var value = String(parts[1]).trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast().filter { $0 != "\\" })
            }
            found = value
        }
        return found
    }

    /// `text` split at `separator` where it is not inside a quoted string.
    private static func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
        var parts = [String]()
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == separator, !quoted {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// An address without its port: `192.0.2.1:8080` → `192.0.2.1`, `[2001:db8::1]:443` → `2001:db8::1`; a bare
    /// IPv6 address keeps its colons.
    private static func stripPort(_ text: String) -> String {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}
