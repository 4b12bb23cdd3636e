/// Asset identifiers: short, URL-safe, unguessable and checked before they reach any store.
public enum AssetID {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A new random identifier such as `a7k2m9q4x1c8v3b6n5z0`: 20 characters of a 36-letter alphabet (103 bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        for _ in 0..<20 { bytes.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `candidate` has the shape of an identifier: 1–64 characters of `[A-Za-z0-9_-]`.
    /// Anything else (`..`, `/`, `%2e`, NUL, very long strings) is rejected before a lookup.
    public static func isWellFormed(_ candidate: some StringProtocol) -> Bool {
        let utf8 = candidate.utf8
        guard !utf8.isEmpty, utf8.count <= 64 else { return false }
        return utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x2d || byte == 0x5f
        }
    }
}
