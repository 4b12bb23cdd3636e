public import Access

/// Where the HMAC keys that member libraries sign links with are kept. On one node: a file in the data directory
/// (``FileSigningKeyStore``, mode 0600). In a network: the shared database (``PostgresSigningKeyStore``), so a key
/// made through any node verifies on every node.
public protocol SigningKeyStore: Sendable {
    /// Every key, oldest first.
    func keys() async throws -> [SigningKey]
    /// Makes, stores and returns a new key for `library`.
    func add(library: String) async throws -> SigningKey
    /// The file the key ring can watch without a timer (the file store), or nil: the ring then re-reads the store
    /// every second.
    var watchedFile: SigningKeyFile? { get }
}

/// The single-node store: `secrets/signing-keys.json` in the data directory.
public struct FileSigningKeyStore: SigningKeyStore {
    public let file: SigningKeyFile

    public init(file: SigningKeyFile) { self.file = file }

    public func keys() async throws -> [SigningKey] { try file.load() }

    public func add(library: String) async throws -> SigningKey { try file.addKey(library: library) }

    public var watchedFile: SigningKeyFile? { file }
}
