import Access
public import AssetStore
public import Audit
public import Delivery
public import Logging
public import LRUCache
import Foundation
import HTTPRanges
import Hummingbird
import ObjectStore
import PostgresStore
import Transcoding

/// The long-lived parts of a running gateway, built once from the configuration and shared by all requests.
///
/// A class: routes, the fast path and background tasks all hold it, and a struct of this many references would be
/// copied (every reference retained) wherever it is captured — measured on the range path.
public final class GatewayServices: Sendable {
    /// The gateway's version, in heartbeats and `gateway cluster status`.
    public static let version = "1.0.0-dev"

    /// This process's name on the network's leases and transcode jobs: the node id (or host name) and a random
    /// suffix, so a restarted node is a new holder and the dead process's leases simply run out.
    static func holder(_ configuration: GatewayConfiguration) -> String {
        (configuration.nodeID.isEmpty ? ProcessInfo.processInfo.hostName : configuration.nodeID) + "/"
            + UUID().uuidString.lowercased().prefix(8)
    }
    public let configuration: GatewayConfiguration
    /// Where state is kept (SQLite and a local directory on one node), behind protocols.
    public let storage: StorageBackends
    public var catalog: any Catalog { storage.catalog }
    public var blobs: any BlobStore { storage.blobs }
    public let keyRing: KeyRing
    public let media: MediaServices
    public let policies: PolicyStore
    public var apiKeys: any APIKeyStore { storage.apiKeys }
    /// The append-only delivery log behind usage statistics.
    public var audit: any AuditStore { storage.audit }
    /// Gathers each session's requests for an item into one audit record (COUNTER's grain) before the log.
    public let usage: UsageSessions
    /// Catalog rows of recently requested assets (rows never change after ingest), so the hot path of a range
    /// request does not wait for SQLite.
    public let assetCache: LRUCache<String, Asset>
    /// Rules beyond the policy files that every way to an item's bytes obeys (see ``ContentRule``).
    public let rules: [any ContentRule]
    /// Prometheus metrics served at `/metrics`.
    public let metrics: GatewayMetrics
    /// `downloads_per_day` and `concurrent_streams`.
    let quotas: QuotaGate
    /// Interlibrary deliveries and their patron links.
    public var deliveries: any DeliveryStore { storage.deliveries }
    /// Open download windows of delivery links known to this node (a fast path; the database decides).
    let deliveryWindows = DeliveryWindows()
    /// Library names, notices and contacts for landing pages.
    public let libraries: LibraryDirectory
    /// The OpenAPI description served at `/openapi.yaml` (nil when the file is missing).
    let openapi: String?
    /// The port the server actually listens on (it differs from the configuration's when that says 0).
    let boundPort = ListeningPort()

    /// Stamped copies of PDFs (policy limit `stamp`).
    var stamps: StampedCopies {
        StampedCopies(
            media: media, libraries: libraries, calendar: ReportCalendar(timeZone: configuration.reportTimeZone),
            localFile: { [self] asset in try await localFile(for: asset) })
    }

    /// The base of links this gateway hands out: `public_url`, else `http://HOST:PORT` with the port listened on.
    public var linkBaseURL: String {
        guard configuration.publicURL.isEmpty, let port = boundPort.value else { return configuration.linkBaseURL }
        var configuration = self.configuration
        configuration.port = port
        return configuration.linkBaseURL
    }
    /// Streams blob and cache files, keeping recently used ones open, small ranges through the block cache.
    let responder: ContentResponder
    /// Slices of a remote store's blobs in the disk tier; nil when the blobs are local.
    let slices: SliceCache?
    public let logger: Logger

    public init(
        configuration: GatewayConfiguration, storage: StorageBackends, keyRing: KeyRing, media: MediaServices,
        policies: PolicyStore, libraries: LibraryDirectory, openapi: String?, logger: Logger, rules: [any ContentRule] = []
    ) {
        self.rules = rules
        self.storage = storage
        self.libraries = libraries
        self.openapi = openapi
        self.metrics = GatewayMetrics()
        self.quotas = QuotaGate(
            downloads: storage.downloads, streams: StreamRegistry(), sharedStreams: storage.shared.map { PostgresStreamLeases(database: $0, holder: Self.holder(configuration)) })
        self.policies = policies
        self.usage = UsageSessions(log: storage.audit)
        self.media = media
        let files = OpenBlobFiles()
        let blocks = BlockCache(capacityBytes: Int(configuration.cacheMemoryBytes), files: files)
        responder = ContentResponder(body: BlobResponseBody(files: files, blocks: blocks.isEnabled ? blocks : nil))
        if let remote = storage.blobs as? any RemoteBlobStore {
            slices = SliceCache(store: remote, disk: media.cache, sliceBytes: configuration.sliceBytes)
        } else {
            slices = nil
        }
        self.assetCache = LRUCache(costLimit: 100_000, shardCount: 16, policy: .lru, weigher: { _ in 1 })
        self.configuration = configuration
        self.keyRing = keyRing
        self.logger = logger
    }

    /// The asset with `id`, from the cache or the catalog.
    public func asset(id: String) async throws -> Asset? {
        if let asset = assetCache.value(forKey: id) { return asset }
        guard let asset = try await catalog.asset(id: id) else { return nil }
        assetCache.insert(asset, forKey: id)
        return asset
    }

    /// Where a response to `request` reads the asset's bytes. For a remote store, the slice holding the first byte to
    /// send is fetched now, so that a store that cannot give it answers 503 before anything is counted or sent.
    func source(for asset: Asset, request: Request, representation: Representation) async throws -> BlobSource {
        if let path = blobs.localPath(for: asset.sha256) { return .file(path) }
        guard let slices else { throw GatewayError.notFound() }
        let blob = SlicedBlob(digest: asset.sha256, length: asset.size, cache: slices)
        if let first = ContentResponder.firstByte(of: request, representation: representation) {
            do {
                _ = try await slices.slice(asset.sha256, index: first / slices.sliceBytes, length: asset.size)
            } catch {
                throw GatewayError.storeUnavailable(error, logger: logger)
            }
        }
        return .sliced(blob)
    }

    /// A file on this machine holding the asset's bytes, for the transcoder: the blob itself in a local store, else
    /// the whole object assembled in the disk tier.
    func localFile(for asset: Asset) async throws -> String {
        if let path = blobs.localPath(for: asset.sha256) { return path }
        guard let slices else { throw GatewayError.notFound() }
        do {
            guard let path = try await slices.wholeFile(asset.sha256, length: asset.size, workDirectory: media.workDirectory) else {
                throw GatewayError(
                    .serviceUnavailable, code: "disk_cache_too_small",
                    message: "This item (\(asset.size) bytes) does not fit in the disk cache (cache_disk_bytes); it cannot be transcoded here.")
            }
            return path
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError.storeUnavailable(error, logger: logger)
        }
    }

    /// Opens the data directory named by `configuration`: catalog (migrated), blob store, key ring.
    ///
    /// - Parameter demo: load the public development keys of `dev_keys_file` (`gateway serve --demo`). Refused
    ///   unless the server listens on loopback with no trusted proxies: behind a proxy the bind address says nothing
    ///   about who reaches the server.
    public static func open(
        configuration: GatewayConfiguration, logger: Logger, demo: Bool = false, rules: [any ContentRule] = []
    ) async throws -> GatewayServices {
        let paths = configuration.paths
        try DataDirectory.prepare(paths, logger: logger)
        let storage = try await StorageBackends.open(configuration: configuration, logger: logger)
        var developmentKeys = [SigningKey]()
        if demo {
            let devKeysPath = configuration.resolve(configuration.devKeysFile)
            guard configuration.trustedProxies.isEmpty else {
                throw ConfigurationError(
                    "--demo accepts the public development keys of \(devKeysPath) and cannot run behind a proxy: "
                        + "remove trusted_proxies or start without --demo")
            }
            guard configuration.listensOnLoopback else {
                throw ConfigurationError(
                    "--demo accepts the public development keys of \(devKeysPath) and listens on loopback only, not on "
                        + "\(configuration.host): start without --demo")
            }
            do {
                developmentKeys = try KeyRing.loadDevelopmentKeys(path: devKeysPath)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError("\(devKeysPath): cannot read the development keys (\(error))")
            }
            logger.warning(
                "demo mode: the public development keys are accepted; never run like this in production",
                metadata: ["file": .string(devKeysPath), "keys": "\(developmentKeys.map(\.id).joined(separator: ","))"])
        }
        let keyRing = KeyRing(store: storage.signingKeys, developmentKeys: developmentKeys)
        do {
            try await keyRing.startRefreshing()
        } catch {
            throw ConfigurationError("database: cannot read the signing keys (\(error))")
        }
        let profiles: ProfileCatalog
        let profilesDirectory = configuration.resolve(configuration.transcodeProfilesDir)
        do {
            profiles = try ProfileCatalog.load(directory: URL(fileURLWithPath: profilesDirectory))
        } catch let error as ProfileCatalogError {
            throw ConfigurationError(error.diagnostics.joined(separator: "\n"))
        } catch {
            throw ConfigurationError("\(profilesDirectory): cannot read transcode profiles (\(error))")
        }
        let cache = DiskCache(
            directory: paths.cache + "/media", capacityBytes: Int(configuration.cacheDiskBytes),
            logger: logger)
        var media = MediaServices(
            profiles: profiles, profilesDirectory: profilesDirectory,
            queue: TranscodeQueue(
                concurrency: configuration.transcodeConcurrency == 0 ? nil : configuration.transcodeConcurrency,
                queueLimit: configuration.transcodeQueueLimit, jobsPerSubject: configuration.transcodeJobsPerSubject,
                jobsPerLibrary: configuration.transcodeJobsPerLibrary),
            cache: cache, workDirectory: paths.cache + "/work",
            workers: TranscodeWorkerClient(
                memoryBytes: configuration.transcodeWorkerMemoryBytes, cpuSecondsLimit: configuration.transcodeWorkerCPUSeconds),
            maxDurationSeconds: Double(configuration.maxMediaDurationSeconds),
            renditionPollTimeout: .seconds(configuration.renditionPollTimeoutSeconds))
        if let shared = storage.shared, let objects = storage.blobs as? S3BlobStore {
            media.shared = SharedRenditions(jobs: PostgresTranscodeJobs(database: shared, holder: Self.holder(configuration)), objects: objects)
        }
        let policiesDirectory = configuration.resolve(configuration.policiesDir)
        let policies: PolicyStore
        do {
            policies = try PolicyStore(directory: policiesDirectory, logger: logger)
        } catch {
            throw ConfigurationError(error.diagnostics.joined(separator: "\n"))
        }
        let librariesPath = configuration.resolve(configuration.librariesFile)
        var libraries = LibraryDirectory()
        if FileManager.default.fileExists(atPath: librariesPath) {
            do {
                libraries = try LibraryDirectory.load(contentsOf: librariesPath)
            } catch {
                throw ConfigurationError(error.diagnostics.joined(separator: "\n"))
            }
        } else {
            logger.warning("no library directory: landing pages show library ids", metadata: ["file": .string(librariesPath)])
        }
        let openapiPath = configuration.resolve(configuration.openapiFile)
        let openapi = try? String(contentsOfFile: openapiPath, encoding: .utf8)
        if openapi == nil { logger.warning("no OpenAPI file: /openapi.yaml answers 404", metadata: ["file": .string(openapiPath)]) }
        return GatewayServices(
            configuration: configuration, storage: storage, keyRing: keyRing, media: media, policies: policies,
            libraries: libraries, openapi: openapi, logger: logger, rules: rules)
    }
}

