/// Paths of the gateway's state under the data directory.
public struct DataPaths: Sendable, Equatable {
    public let root: String
    public var catalog: String { root + "/catalog.sqlite" }
    public var blobs: String { root + "/blobs" }
    public var signingKeys: String { root + "/secrets/signing-keys.json" }
    public var cache: String { root + "/cache" }
}
