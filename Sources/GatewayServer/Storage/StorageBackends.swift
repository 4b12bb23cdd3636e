public import AssetStore
public import Audit
public import Delivery
import Foundation

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
    public static func open(configuration: GatewayConfiguration) throws -> StorageBackends {
        let paths = configuration.paths
        let catalog = try SQLiteCatalog(path: paths.catalog)
        return StorageBackends(
            catalog: catalog, blobs: try LocalBlobStore(root: paths.blobs),
            apiKeys: try SQLiteAPIKeyStore(database: catalog.database),
            deliveries: try SQLiteDeliveryStore(database: catalog.database),
            downloads: try DownloadQuota(database: catalog.database, timeZone: configuration.reportTimeZone),
            audit: try AuditLog(database: catalog.database))
    }
}
