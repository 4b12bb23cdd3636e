public import Access
public import AssetStore
public import Logging

/// The long-lived parts of a running gateway, built once from the configuration and shared by all requests.
public struct GatewayServices: Sendable {
    public let configuration: GatewayConfiguration
    public let catalog: SQLiteCatalog
    public let blobs: LocalBlobStore
    public let keyRing: KeyRing
    public let logger: Logger

    public init(
        configuration: GatewayConfiguration, catalog: SQLiteCatalog, blobs: LocalBlobStore, keyRing: KeyRing,
        logger: Logger
    ) {
        self.configuration = configuration
        self.catalog = catalog
        self.blobs = blobs
        self.keyRing = keyRing
        self.logger = logger
    }

    /// Opens the data directory named by `configuration`: catalog (migrated), blob store, key ring.
    /// Development keys are loaded only when the server listens on loopback.
    public static func open(configuration: GatewayConfiguration, logger: Logger) throws -> GatewayServices {
        let paths = configuration.paths
        try DataDirectory.prepare(paths)
        let catalog = try SQLiteCatalog(path: paths.catalog)
        let blobs = try LocalBlobStore(root: paths.blobs)
        var developmentKeys = [SigningKey]()
        let devKeysPath = configuration.resolve(configuration.devKeysFile)
        if configuration.listensOnLoopback {
            developmentKeys = try KeyRing.loadDevelopmentKeys(path: devKeysPath)
        } else if !((try? KeyRing.loadDevelopmentKeys(path: devKeysPath)) ?? []).isEmpty {
            logger.warning(
                "development keys refused: the server listens on \(configuration.host), not on loopback",
                metadata: ["file": .string(devKeysPath)])
        }
        let keyRing = KeyRing(file: SigningKeyFile(path: paths.signingKeys), developmentKeys: developmentKeys)
        return GatewayServices(configuration: configuration, catalog: catalog, blobs: blobs, keyRing: keyRing, logger: logger)
    }
}

import Foundation

/// Creates the data directory layout with restrictive permissions.
enum DataDirectory {
    static func prepare(_ paths: DataPaths) throws {
        do {
            try FileManager.default.createDirectory(atPath: paths.root, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("\(paths.root): cannot create the data directory (\(error.localizedDescription))")
        }
    }
}
