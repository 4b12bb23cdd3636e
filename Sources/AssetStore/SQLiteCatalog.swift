import Foundation
public import GRDB

/// The embedded catalogue: one SQLite database in WAL mode, migrated by version on open.
public final class SQLiteCatalog: Catalog {
    /// The database pool, shared with other modules (audit log, deliveries) that keep their tables beside the catalog.
    public let database: DatabasePool

    /// Opens (creating if needed) the catalog at `path` and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted rows (purged deliveries' patron details, revoked keys) are overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// Versioned schema migrations. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-assets") { db in
            try db.create(table: "asset") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("collection", .text).notNull().indexed()
                t.column("ownerLibrary", .text).notNull().indexed()
                t.column("rights", .text).notNull()
                t.column("embargoUntil", .datetime)
                t.column("mediaKind", .text).notNull()
                t.column("contentType", .text).notNull()
                t.column("originalFileName", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("sha256", .text).notNull().indexed()
                t.column("createdAt", .datetime).notNull()
            }
        }
        return migrator
    }

    public func asset(id: String) async throws -> Asset? {
        try await database.read { db in try AssetRecord.fetchOne(db, key: id)?.asset }
    }

    /// Synchronous lookup, for command-line tools.
    public func assetSync(id: String) throws -> Asset? {
        try database.read { db in try AssetRecord.fetchOne(db, key: id)?.asset }
    }

    public func insert(_ asset: Asset) async throws {
        try await database.write { db in try AssetRecord(asset).insert(db) }
    }

    /// Synchronous insert, for command-line tools.
    public func insertSync(_ asset: Asset) throws {
        try database.write { db in try AssetRecord(asset).insert(db) }
    }

    public func assets(limit: Int, offset: Int) async throws -> [Asset] {
        try await database.read { db in
            try AssetRecord.order(Column("createdAt").desc, Column("id")).limit(limit, offset: offset).fetchAll(db)
                .compactMap(\.asset)
        }
    }

    /// Synchronous listing, for command-line tools.
    public func assetsSync(limit: Int, offset: Int) throws -> [Asset] {
        try database.read { db in
            try AssetRecord.order(Column("createdAt").desc, Column("id")).limit(limit, offset: offset).fetchAll(db)
                .compactMap(\.asset)
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try AssetRecord.fetchCount(db) }
    }
}

/// The row shape of the `asset` table.
struct AssetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "asset"
    var id: String
    var title: String
    var collection: String
    var ownerLibrary: String
    var rights: String
    var embargoUntil: Date?
    var mediaKind: String
    var contentType: String
    var originalFileName: String
    var size: Int64
    var sha256: String
    var createdAt: Date

    init(_ asset: Asset) {
        id = asset.id
        title = asset.title
        collection = asset.collection
        ownerLibrary = asset.ownerLibrary
        rights = asset.rights.rawValue
        embargoUntil = asset.embargoUntil
        mediaKind = asset.mediaKind.rawValue
        contentType = asset.contentType
        originalFileName = asset.originalFileName
        size = asset.size
        sha256 = asset.sha256.hex
        createdAt = asset.createdAt
    }

    var asset: Asset? {
        guard let rights = Rights(rawValue: rights), let kind = MediaKind(rawValue: mediaKind),
            let digest = ContentDigest(hex: sha256)
        else { return nil }
        return Asset(
            id: id, title: title, collection: collection, ownerLibrary: ownerLibrary, rights: rights,
            embargoUntil: embargoUntil, mediaKind: kind, contentType: contentType, originalFileName: originalFileName,
            size: size, sha256: digest, createdAt: createdAt)
    }
}
