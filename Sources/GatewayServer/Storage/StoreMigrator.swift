import Access
public import AssetStore
import Crypto
import Foundation
import GRDB
import NIOCore
public import ObjectStore
public import Logging
import PostgresNIO
public import PostgresStore

/// `gateway migrate`: copies a single-node store (the SQLite database, the signing-key file and the blob directory)
/// into a network's shared PostgreSQL database and object store.
///
/// Safe to run again at any point: every step either finds its rows already there (ids are kept, so nothing is copied
/// twice) or records its progress in the shared database in the same transaction as the rows (`StoreImport`). Order
/// matters for a reader of the shared store: a blob is uploaded and read back before its asset row is written, so a
/// node never finds a catalog entry without verified bytes.
///
/// Every blob is verified three times: the local file must hash to the sha256 the catalog names; the upload is
/// signed with each part's SHA-256, which the object store checks on receipt; and the object is read back, in slices,
/// and hashed again. A blob that fails is reported and its asset left out (the command ends with an error naming
/// it); the rest are copied.
public struct StoreMigrator: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let source: SQLiteCatalog
    let signingKeyFile: SigningKeyFile
    let localBlobs: LocalBlobStore
    let target: SharedDatabase
    let objects: S3BlobStore
    let batchSize: Int
    let say: @Sendable (String) -> Void

    init(
        source: SQLiteCatalog, signingKeyFile: SigningKeyFile, localBlobs: LocalBlobStore, target: SharedDatabase,
        objects: S3BlobStore, batchSize: Int = 2_000, say: @escaping @Sendable (String) -> Void
    ) {
        self.source = source
        self.signingKeyFile = signingKeyFile
        self.localBlobs = localBlobs
        self.target = target
        self.objects = objects
        self.batchSize = max(1, batchSize)
        self.say = say
    }

    /// Copies everything; throws ``Failure`` at the end if any blob could not be copied (the rest is copied).
    public func run() async throws {
        let progress = StoreImport(database: target, source: try sourceIdentity())
        say("source store \(progress.source)")
        try await copySigningKeys()
        try await copyAPIKeys()
        let failures = try await copyAssets()
        try await copyDeliveries()
        try await copyDownloadWindows(progress)
        try await copyAudit(progress)
        if !failures.isEmpty {
            throw Failure(description: "\(failures.count) asset(s) not copied:\n" + failures.joined(separator: "\n"))
        }
        say("done: the shared store holds everything of this store")
    }

    /// The id the source keeps for itself, made on the first run.
    func sourceIdentity() throws -> String {
        try source.database.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS store_identity (id TEXT NOT NULL)")
            if let id = try String.fetchOne(db, sql: "SELECT id FROM store_identity") { return id }
            let id = UUID().uuidString.lowercased()
            try db.execute(sql: "INSERT INTO store_identity (id) VALUES (?)", arguments: [id])
            return id
        }
    }

    func copySigningKeys() async throws {
        let keys = FileManager.default.fileExists(atPath: signingKeyFile.path) ? try signingKeyFile.load() : []
        let shared = try await PostgresSigningKeyStore(database: target).keys()
        var copied = 0
        for key in keys {
            if let existing = shared.first(where: { $0.id == key.id }) {
                guard existing.secret == key.secret, existing.library == key.library else {
                    throw Failure(description: "signing key \(key.id): the shared database has a different key under this id; nothing more copied")
                }
                continue
            }
            try await target.client.query(
                "INSERT INTO signing_key (id, library, secret, created_at) VALUES (\(key.id), \(key.library), \(key.secret), \(Date()))",
                logger: target.logger)
            copied += 1
        }
        say("signing keys: \(copied) copied, \(keys.count - copied) already there")
    }

    func copyAPIKeys() async throws {
        let rows = try await source.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, library, tokenHash, createdAt, revokedAt FROM api_key ORDER BY rowid")
        }
        var copied = 0
        for row in rows {
            let id: String = row["id"], kind: String = row["kind"], library: String? = row["library"]
            let hash: String = row["tokenHash"], created: Date = row["createdAt"], revoked: Date? = row["revokedAt"]
            // A key revoked on the single node after an earlier run is revoked here too.
            let inserted = try await target.client.query(
                """
                INSERT INTO api_key (id, kind, library, token_hash, created_at, revoked_at) \
                VALUES (\(id), \(kind), \(library), \(hash), \(created), \(revoked)) \
                ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(api_key.revoked_at, EXCLUDED.revoked_at) \
                RETURNING (xmax = 0)
                """, logger: target.logger)
            for try await wasInserted in inserted.decode(Bool.self) where wasInserted { copied += 1 }
        }
        say("API keys: \(copied) copied, \(rows.count - copied) already there")
    }

    /// Blobs, each verified, then its asset row. Returns one line per asset that could not be copied.
    func copyAssets() async throws -> [String] {
        let catalog = PostgresCatalog(database: target)
        let total = try await source.count()
        var copied = 0, present = 0, bytes: Int64 = 0
        var failures = [String]()
        var offset = 0
        while true {
            let page = try await source.assets(limit: 500, offset: offset)
            if page.isEmpty { break }
            offset += page.count
            for asset in page {
                if let existing = try await catalog.asset(id: asset.id) {
                    if existing.sha256 != asset.sha256 {
                        failures.append("  \(asset.id): the shared catalog has this id for other content (sha256 \(existing.sha256.hex))")
                    } else {
                        present += 1
                    }
                    continue
                }
                do {
                    try await copyBlob(of: asset)
                    try await catalog.insert(asset)
                    copied += 1
                    bytes += asset.size
                } catch let failure as Failure {
                    failures.append("  \(asset.id): \(failure.description)")
                }
                if (copied + present + failures.count) % 100 == 0 {
                    say("assets: \(copied + present + failures.count) of \(total)")
                }
            }
        }
        say("assets: \(copied) copied with their blobs (\(bytes) bytes, sha256 verified), \(present) already there, \(failures.count) failed")
        return failures
    }

    func copyBlob(of asset: Asset) async throws {
        guard let path = localBlobs.localPath(for: asset.sha256), FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "its blob \(asset.sha256.hex) is missing from the local store")
        }
        let stored: StoredBlob
        do {
            stored = try await objects.ingest(fileAt: path) { _ in }
        } catch {
            throw Failure(description: "not uploaded: \(error)")
        }
        guard stored.digest == asset.sha256, stored.size == asset.size else {
            if !stored.wasAlreadyStored { await objects.remove(stored.digest) }
            throw Failure(
                description: "the local blob is damaged: it hashes to \(stored.digest.hex) (\(stored.size) bytes), the catalog says \(asset.sha256.hex) (\(asset.size) bytes)")
        }
        // Read it back and hash what the store gives.
        var hasher = SHA256()
        var offset: Int64 = 0
        let slice: Int64 = 8 << 20
        do {
            while offset < asset.size {
                let last = min(asset.size, offset + slice) - 1
                let bytes = try await objects.read(asset.sha256, first: offset, last: last)
                guard Int64(bytes.count) == last - offset + 1 else { throw Failure(description: "the object store returned a short read") }
                hasher.update(data: bytes)
                offset = last + 1
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "uploaded but not readable back: \(error)")
        }
        guard ContentDigest(hasher.finalize()) == asset.sha256 else {
            throw Failure(description: "the object store's copy does not hash to \(asset.sha256.hex)")
        }
    }

    /// Deliveries keep their ids, tokens and counts. One already copied takes the larger count, the earlier revocation
    /// and the later last access, so a rerun after the single node served more brings the network up to date without
    /// undoing anything the network did meanwhile. Open download windows come with a delivery the first time.
    func copyDeliveries() async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var copied = 0, updated = 0
        var after: Int64 = 0
        while true {
            let (rows, windows) = try await source.database.read { db -> ([Row], [Row]) in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, id, tokenHash, library, assetID, patronID, patronName, patronEmail, note, createdAt, expiresAt,
                        maxDownloads, downloadsUsed, lastAccessAt, revokedAt FROM delivery WHERE rowid > ? ORDER BY rowid LIMIT ?
                        """, arguments: [after, batchSize])
                guard let first = rows.first?["rowid"] as Int64?, let last = rows.last?["rowid"] as Int64? else { return (rows, []) }
                let windows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT w.deliveryID, w.client, w.openedAt, w.closesAt FROM delivery_download w JOIN delivery d ON d.id = w.deliveryID
                        WHERE d.rowid BETWEEN ? AND ? AND w.closesAt > ?
                        """, arguments: [first, last, now])
                return (rows, windows)
            }
            guard let last = rows.last?["rowid"] as Int64? else { break }
            after = last
            let (inserted, changed) = try await target.client.withTransaction(logger: target.logger) { connection -> (Set<String>, Int) in
                var inserted = Set<String>()
                var changed = 0
                for row in rows {
                    let id: String = row["id"], token: String = row["tokenHash"], library: String = row["library"]
                    let asset: String = row["assetID"], patron: String = row["patronID"]
                    let name: String? = row["patronName"], email: String? = row["patronEmail"], note: String? = row["note"]
                    let created: Int64 = row["createdAt"], expires: Int64 = row["expiresAt"], allowed: Int64 = row["maxDownloads"]
                    let used: Int64 = row["downloadsUsed"], access: Int64? = row["lastAccessAt"], revoked: Int64? = row["revokedAt"]
                    let result = try await connection.query(
                        """
                        INSERT INTO delivery (id, token_hash, library, asset_id, patron_id, patron_name, patron_email, note, created_at, \
                        expires_at, max_downloads, downloads_used, last_access_at, revoked_at) VALUES (\(id), \(token), \(library), \
                        \(asset), \(patron), \(name), \(email), \(note), \(created), \(expires), \(allowed), \(used), \(access), \(revoked)) \
                        ON CONFLICT (id) DO UPDATE SET downloads_used = GREATEST(delivery.downloads_used, EXCLUDED.downloads_used), \
                        revoked_at = LEAST(delivery.revoked_at, EXCLUDED.revoked_at), \
                        last_access_at = GREATEST(delivery.last_access_at, EXCLUDED.last_access_at) \
                        RETURNING (xmax = 0)
                        """, logger: target.logger)
                    for try await wasInserted in result.decode(Bool.self) {
                        if wasInserted { inserted.insert(id) } else { changed += 1 }
                    }
                }
                for window in windows {
                    let delivery: String = window["deliveryID"]
                    guard inserted.contains(delivery) else { continue }
                    let client: String = window["client"], opened: Int64 = window["openedAt"], closes: Int64 = window["closesAt"]
                    try await connection.query(
                        """
                        INSERT INTO delivery_download (delivery_id, client, opened_at, closes_at) \
                        VALUES (\(delivery), \(client), \(opened), \(closes))
                        """, logger: target.logger)
                }
                return (inserted, changed)
            }
            copied += inserted.count
            updated += changed
        }
        say("deliveries: \(copied) copied, \(updated) already there (counts and revocations brought up to date)")
    }

    /// The daily download windows of the last two days (older ones no longer count against any quota), once.
    func copyDownloadWindows(_ progress: StoreImport) async throws {
        let since = Int64(Date().timeIntervalSince1970 * 1000) - 2 * 86_400_000
        let rows = try await source.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT subject, assetID, client, openedAt, day FROM download_window WHERE openedAt >= ? ORDER BY id",
                arguments: [since]
            ).map { row -> (String, String, String, Int64, String) in
                (row["subject"], row["assetID"], row["client"], row["openedAt"], row["day"])
            }
        }
        let logger = target.logger
        let ran = try await progress.once("download_window") { connection in
            for (subject, asset, client, opened, day) in rows {
                try await connection.query(
                    """
                    INSERT INTO download_window (subject, asset_id, client, opened_at, day) \
                    VALUES (\(subject), \(asset), \(client), \(opened), \(day))
                    """, logger: logger)
            }
        }
        say(ran ? "download quotas: \(rows.count) windows of the last two days copied" : "download quotas: copied by an earlier run")
    }

    /// The audit log in batches, each with its position in one transaction.
    func copyAudit(_ progress: StoreImport) async throws {
        let start = try await progress.position("audit")
        var position = start
        let total = try await source.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE id > ?", arguments: [start]) ?? 0
        }
        var copied = 0
        while true {
            let from = position, batchSize = batchSize
            let batch = try await source.database.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, time, subject, library, assetID, collection, action, decision, ruleID, status, bytesSent,
                        clientAddress, userAgent, requests FROM audit_event WHERE id > ? ORDER BY id LIMIT ?
                        """, arguments: [from, batchSize]
                ).map { row in
                    StoreImport.AuditRow(
                        id: row["id"], time: row["time"], subject: row["subject"], library: row["library"], assetID: row["assetID"],
                        collection: row["collection"], action: row["action"], decision: row["decision"], ruleID: row["ruleID"],
                        status: row["status"], bytesSent: row["bytesSent"], clientAddress: row["clientAddress"],
                        userAgent: row["userAgent"], requests: row["requests"])
                }
            }
            guard let last = batch.last?.id else { break }
            try await progress.importAudit(batch)
            position = last
            copied += batch.count
            say("audit records: \(copied) of \(total)")
        }
        say("audit records: \(copied) copied (up to record \(position) of this store)")
    }
}

extension StoreMigrator {
    /// The copy from the store `configuration` names (it must be the embedded one) to the database at `database` and
    /// the object store at `storage` (`s3://BUCKET[/PREFIX]`, reached with the configuration's `s3_endpoint`,
    /// `s3_region` and credentials, as a node would). Creates the bucket if it is missing.
    public static func open(
        configuration: GatewayConfiguration, database: String, storage: String, environment: [String: String],
        batchSize: Int = 2_000, logger: Logger, say: @escaping @Sendable (String) -> Void
    ) async throws -> StoreMigrator {
        guard configuration.database == "sqlite", configuration.storage == "local" else {
            throw ConfigurationError(
                "migrate copies a single-node store (database: sqlite, storage: local); this configuration already names database: \(configuration.database), storage: \(configuration.storage)")
        }
        guard database.hasPrefix("postgresql://") || database.hasPrefix("postgres://") else {
            throw ConfigurationError("--to-database: expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        guard storage.hasPrefix("s3://") else { throw ConfigurationError("--to-storage: expected s3://BUCKET[/PREFIX]") }
        let paths = configuration.paths
        guard FileManager.default.fileExists(atPath: paths.catalog) else {
            throw ConfigurationError("\(paths.catalog): no single-node store here to copy")
        }
        var target = configuration
        target.storage = storage
        guard let objects = try StorageBackends.openBlobStore(configuration: target, environment: environment) as? S3BlobStore else {
            throw ConfigurationError("--to-storage: \(storage) is not an object store")
        }
        do {
            try await objects.client.createBucketIfMissing()
        } catch {
            throw ConfigurationError("--to-storage: \(storage) not reachable: \(error)")
        }
        let shared: SharedDatabase
        do {
            shared = try await SharedDatabase(url: database, logger: logger)
        } catch let error as PostgresStoreError {
            throw ConfigurationError(error.description)
        }
        return StoreMigrator(
            source: try SQLiteCatalog(path: paths.catalog), signingKeyFile: SigningKeyFile(path: paths.signingKeys),
            localBlobs: try LocalBlobStore(root: paths.blobs), target: shared, objects: objects, batchSize: batchSize, say: say)
    }
}
