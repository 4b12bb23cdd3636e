/// Delivery ids: `dlv_` and 16 characters of lower-case base32 (RFC 4648 alphabet), 80 random bits. An id names a
/// delivery in a library's status calls; it is not a credential, but being random it reveals nothing about how
/// many deliveries exist.
package enum DeliveryIdentifier {
    static let prefix = "dlv_"
    static let randomByteCount = 10
    static let characterCount = 16
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    static func generate(using generator: inout some RandomNumberGenerator) -> String {
        var out = Array(prefix.utf8)
        var accumulator: UInt64 = 0
        var bits = 0
        for _ in 0..<randomByteCount {
            accumulator = accumulator << 8 | UInt64(UInt8.random(in: 0...255, using: &generator))
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int(accumulator >> UInt64(bits) & 31)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` has the shape of an id; anything else is unknown without asking the database.
    package static func isWellFormed(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == prefix.utf8.count + characterCount, text.hasPrefix(prefix) else { return false }
        return utf8.dropFirst(prefix.utf8.count).allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(byte)
        }
    }
}
