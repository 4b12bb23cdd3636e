import Crypto

/// The patron's credential for a delivery: 32 random bytes as 43 characters of base64url without padding
/// (RFC 4648 §5). The store keeps only the SHA-256 of the token text, as lower-case hex.
package enum DeliveryToken {
    static let byteCount = 32
    /// 256 bits in 6-bit characters: 42 full characters and 4 bits in the last one.
    static let length = 43

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A fresh token from the system's cryptographically secure generator.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    static func generate(using generator: inout some RandomNumberGenerator) -> String {
        encode((0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Base64url without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int(accumulator >> UInt32(bits) & 63)])
            }
        }
        if bits > 0 { out.append(alphabet[Int(accumulator << UInt32(6 - bits) & 63)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` could be a token: exactly 43 base64url characters whose last character carries no stray
    /// bits (so each token has exactly one spelling). Checked before any database access, so junk of any length
    /// costs nothing.
    package static func isWellFormed(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == length else { return false }
        var last = 0
        for byte in utf8 {
            guard let value = sextet(byte) else { return false }
            last = value
        }
        // The final character holds the last 4 bits of the 32 bytes; its low 2 bits are padding and must be 0.
        return last & 0b11 == 0
    }

    static func sextet(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "-"): return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }

    /// What the store keeps: the SHA-256 of the token's UTF-8 text, as 64 lower-case hex digits.
    ///
    /// Lookups go by this hash through a unique index. That needs no constant-time comparison: an attacker who
    /// learns how long an index search took learns about hashes of tokens, not about the tokens.
    package static func hash(_ token: String) -> String {
        let digest = SHA256.hash(data: Array(token.utf8))
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
