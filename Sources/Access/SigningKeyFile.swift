import GatewaySupport
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signing keys made with `gateway keys add-signing`, kept in the data directory (never in `Config/`) in a file
/// readable by the gateway's user alone (mode 0600, written atomically).
public struct SigningKeyFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    struct Contents: Codable {
        var keys: [SigningKey]
    }

    /// The keys in the file; an absent file holds none.
    public func load() throws -> [SigningKey] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(Contents.self, from: data).keys
    }

    /// The file's modification time, to notice keys added by another process.
    public func modificationTime() -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Makes a new random key for `library`, saves it and returns it.
    public func addKey(library: String) throws -> SigningKey {
        var keys = try load()
        let key = Self.makeKey(library: library)
        keys.append(key)
        try save(keys)
        return key
    }

    /// A new random key for `library`: 32 random bytes, an id `LIBRARY-` and 8 base64url characters.
    public static func makeKey(library: String) -> SigningKey {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let idBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return SigningKey(id: "\(library)-\(Base64URL.encode(idBytes))", library: library, secret: Base64URL.encode(secret))
    }

    /// Writes `keys` atomically with mode 0600 in a directory of mode 0700.
    public func save(_ keys: [SigningKey]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Contents(keys: keys))
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temp]) }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            unlink(temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
