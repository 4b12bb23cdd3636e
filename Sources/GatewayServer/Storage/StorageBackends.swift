public import AssetStore
public import Audit
public import Delivery
import Foundation
import ObjectStore

/// Where a gateway keeps its state, chosen in this one place when it starts; everything else holds the protocols.
///
/// Today: the embedded single-node store — the catalog, API keys, deliveries, download counters and the audit log in
/// one SQLite database (`catalog.sqlite`, WAL) and the blobs in a local directory, all under the data directory. A
/// scale-out backend (PostgreSQL for the shared state, an S3-compatible object store for the bytes; see
/// docs/ARCHITECTURE.md, "Adding a backend") is another case of ``open(configuration:)``, with implementations of
/// the same protocols; no caller changes.
public struct StorageBackends: Sendable {
    public var catalog: any Catalog
    public var blobs: any BlobStore
    public var apiKeys: any APIKeyStore
    public var deliveries: any DeliveryStore
    public var downloads: any DownloadCounter
    public var audit: any AuditStore

    public init(
        catalog: any Catalog, blobs: any BlobStore, apiKeys: any APIKeyStore, deliveries: any DeliveryStore,
        downloads: any DownloadCounter, audit: any AuditStore
    ) {
        self.catalog = catalog
        self.blobs = blobs
        self.apiKeys = apiKeys
        self.deliveries = deliveries
        self.downloads = downloads
        self.audit = audit
    }

    /// Opens the backends `configuration` names, creating and migrating what is missing.
    public static func open(
        configuration: GatewayConfiguration, environment: [String: String]? = nil
    ) throws -> StorageBackends {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let paths = configuration.paths
        guard configuration.database == "sqlite" else {
            throw ConfigurationError(
                "database: the PostgreSQL backend is not built yet; this version keeps shared state in SQLite (database: sqlite)")
        }
        let catalog = try SQLiteCatalog(path: paths.catalog)
        return StorageBackends(
            catalog: catalog, blobs: try openBlobStore(configuration: configuration, environment: environment),
            apiKeys: try SQLiteAPIKeyStore(database: catalog.database),
            deliveries: try SQLiteDeliveryStore(database: catalog.database),
            downloads: try DownloadQuota(database: catalog.database, timeZone: configuration.reportTimeZone),
            audit: try AuditLog(database: catalog.database))
    }

    /// `storage: local` (the data directory's `blobs/`) or `storage: s3://BUCKET[/PREFIX]` at `s3_endpoint`, with the
    /// credentials of `s3_credentials_file` or the environment. Nothing is asked of the store here: a node whose store
    /// is away still starts and serves what it has cached.
    static func openBlobStore(configuration: GatewayConfiguration, environment: [String: String]) throws -> any BlobStore {
        guard configuration.storage.hasPrefix("s3://") else { return try LocalBlobStore(root: configuration.paths.blobs) }
        do {
            let location = try S3Location(
                url: configuration.storage, endpoint: configuration.s3Endpoint.isEmpty ? nil : configuration.s3Endpoint,
                region: configuration.s3Region)
            let credentials: S3Credentials
            if !configuration.s3CredentialsFile.isEmpty {
                credentials = try S3Credentials.load(path: configuration.resolve(configuration.s3CredentialsFile))
            } else if let fromEnvironment = S3Credentials.fromEnvironment(environment) {
                credentials = fromEnvironment
            } else {
                throw S3ConfigurationError(
                    "storage: \(configuration.storage) needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or s3_credentials_file")
            }
            return S3BlobStore(client: S3Client(location: location, credentials: credentials))
        } catch let error as S3ConfigurationError {
            throw ConfigurationError(error.description)
        }
    }
}
