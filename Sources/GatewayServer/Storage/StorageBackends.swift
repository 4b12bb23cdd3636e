public import AssetStore
public import Audit
public import Delivery
import Foundation
import ObjectStore
public import PostgresStore
public import Logging
import Access

/// Where a gateway keeps its state, chosen in this one place when it starts; everything else holds the protocols.
///
/// The embedded single-node store: the catalog, API keys, deliveries, download counters and the audit log in one
/// SQLite database (`catalog.sqlite`, WAL), signing keys in a file and the blobs in a local directory, all under the
/// data directory. Scale-out: the same protocols on PostgreSQL (`database: postgresql://…`) and an S3-compatible
/// object store (`storage: s3://…`); see docs/ARCHITECTURE.md, "Adding a backend". No caller changes.
public struct StorageBackends: Sendable {
    public var catalog: any Catalog
    public var blobs: any BlobStore
    public var apiKeys: any APIKeyStore
    public var deliveries: any DeliveryStore
    public var downloads: any DownloadCounter
    public var audit: any AuditStore
    public var signingKeys: any SigningKeyStore
    /// The shared database when the state lives in PostgreSQL (nil on the embedded store).
    public var shared: SharedDatabase?

    public init(
        catalog: any Catalog, blobs: any BlobStore, apiKeys: any APIKeyStore, deliveries: any DeliveryStore,
        downloads: any DownloadCounter, audit: any AuditStore, signingKeys: any SigningKeyStore, shared: SharedDatabase? = nil
    ) {
        self.signingKeys = signingKeys
        self.shared = shared
        self.catalog = catalog
        self.blobs = blobs
        self.apiKeys = apiKeys
        self.deliveries = deliveries
        self.downloads = downloads
        self.audit = audit
    }

    /// Opens the backends `configuration` names, creating and migrating what is missing: the embedded SQLite store
    /// (`database: sqlite`), or the shared PostgreSQL database (`database: postgresql://…`) for every piece of state a
    /// network of nodes shares; the blobs locally or in an object store (`storage`).
    public static func open(
        configuration: GatewayConfiguration, environment: [String: String]? = nil, logger: Logger = Logger(label: "gateway")
    ) async throws -> StorageBackends {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let paths = configuration.paths
        let blobs = try openBlobStore(configuration: configuration, environment: environment)
        if configuration.database != "sqlite" {
            let shared: SharedDatabase
            do {
                shared = try await SharedDatabase(url: configuration.database, logger: logger)
            } catch let error as PostgresStoreError {
                throw ConfigurationError(error.description)
            }
            let audit = PostgresAuditStore(database: shared, timeZone: configuration.reportTimeZone)
            try await audit.prepareDailyCounts()
            return StorageBackends(
                catalog: PostgresCatalog(database: shared), blobs: blobs, apiKeys: PostgresAPIKeyStore(database: shared),
                deliveries: PostgresDeliveryStore(database: shared),
                downloads: PostgresDownloadCounter(database: shared, timeZone: configuration.reportTimeZone),
                audit: audit, signingKeys: PostgresSigningKeyStore(database: shared),
                shared: shared)
        }
        let catalog = try SQLiteCatalog(path: paths.catalog)
        return StorageBackends(
            catalog: catalog, blobs: blobs,
            apiKeys: try SQLiteAPIKeyStore(database: catalog.database),
            deliveries: try SQLiteDeliveryStore(database: catalog.database),
            downloads: try DownloadQuota(database: catalog.database, timeZone: configuration.reportTimeZone),
            audit: try AuditLog(database: catalog.database, timeZone: configuration.reportTimeZone),
            signingKeys: FileSigningKeyStore(file: SigningKeyFile(path: paths.signingKeys)))
    }

    /// `storage: local` (the data directory's `blobs/`) or `storage: s3://BUCKET[/PREFIX]` at `s3_endpoint`, with the
    /// credentials of `s3_credentials_file` or the environment. Nothing is asked of the store here: a node whose store
    /// is away still starts and serves what it has cached.
    public static func openBlobStore(configuration: GatewayConfiguration, environment: [String: String]) throws -> any BlobStore {
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
