import Testing

@testable import Delivery

@Suite struct DeliveryTokenTests {
    @Test(
        "Base64url encoding matches RFC 4648's test vectors (URL alphabet, no padding)",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ])
    func encodesVectors(input: String, expected: String) {
        #expect(DeliveryToken.encode(Array(input.utf8)) == expected)
    }

    @Test("The URL-safe characters stand where standard base64 has + and /")
    func urlAlphabet() {
        #expect(DeliveryToken.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test("Generated tokens are well formed and 43 characters")
    func generated() {
        for _ in 0..<100 {
            let token = DeliveryToken.generate()
            #expect(token.count == 43)
            #expect(DeliveryToken.isWellFormed(token))
        }
    }

    static let valid = DeliveryToken.encode([UInt8](repeating: 0xAB, count: 32))

    static let malformedTokens: [String] = {
        let head = String(valid.dropLast())
        let tail = String(valid.dropFirst())
        var tokens: [String] = ["", "a", head, valid + "A", String(repeating: "A", count: 100_000)]
        tokens.append(head + "=")  // padding character
        tokens.append(String(valid.dropLast(2)) + "==")
        tokens.append(head + "B")  // last character carries stray bits (B = 000001)
        tokens.append(head + "_")
        tokens.append("+" + tail)  // standard, not URL, alphabet
        tokens.append("/" + tail)
        tokens.append(" " + tail)
        tokens.append("é" + String(valid.dropFirst(2)))  // 43 UTF-8 bytes but not ASCII
        tokens.append(String(valid.dropLast(2)) + "\u{0}A")
        return tokens
    }()

    @Test("Malformed tokens are recognised without the database", arguments: malformedTokens)
    func malformed(_ token: String) {
        #expect(!DeliveryToken.isWellFormed(token))
    }

    @Test("A well-formed token's last character is one of the 16 that carry 4 bits")
    func lastCharacter() {
        #expect(DeliveryToken.isWellFormed(Self.valid))
        let allowedLast = Array("AEIMQUYcgkosw048")
        for character in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
            let token = String(Self.valid.dropLast()) + String(character)
            #expect(DeliveryToken.isWellFormed(token) == allowedLast.contains(character), "last \(character)")
        }
    }

    @Test("The stored hash is the SHA-256 of the token text in lower-case hex")
    func hash() {
        #expect(
            DeliveryToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            DeliveryToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("Delivery ids are dlv_ and 16 base32 characters and are recognised by shape")
    func identifiers() {
        for _ in 0..<100 {
            let id = DeliveryIdentifier.generate()
            #expect(id.count == 20 && id.hasPrefix("dlv_"))
            #expect(DeliveryIdentifier.isWellFormed(id))
        }
        for bad in [
            "", "dlv_", "dlv_abcdefghijklmnop1", "dlv_abcdefghijklmno1", "dlv_ABCDEFGHIJKLMNOP",
            "dlx_abcdefghijklmnop", "dlv_abcdefghijklmno", "dlv_abcdefghijklmnopq", "dlv_abcdefghijklmn0p",
            String(repeating: "d", count: 5000),
        ] {
            #expect(!DeliveryIdentifier.isWellFormed(bad), "\(bad.prefix(30))")
        }
        #expect(DeliveryIdentifier.isWellFormed("dlv_abcdefghijklmnop"))
        #expect(DeliveryIdentifier.isWellFormed("dlv_234567qrstuvwxyz"))
    }
}
