public import AssetStore
public import Foundation
import Logging
import PostgresNIO

/// The catalogue in the shared PostgreSQL database: an item ingested through any node is known to every node.
public struct PostgresCatalog: Catalog {
    let database: SharedDatabase

    public init(database: SharedDatabase) { self.database = database }

    typealias Row = (String, String, String, String, String, Date?, String, String, String, Int64, String, Date)
    static let columns = """
        id, title, collection, owner_library, rights, embargo_until, media_kind, content_type, original_file_name, size, \
        sha256, created_at
        """

    public func asset(id: String) async throws -> Asset? {
        try await database.bounded("asset") {
            let rows = try await database.client.query(
                "SELECT \(unescaped: Self.columns) FROM asset WHERE id = \(id)", logger: database.logger)
            return try await rows.single(Row.self).flatMap(Self.asset)
        }
    }

    public func insert(_ asset: Asset) async throws {
        try await database.bounded("insert asset") {
            try await database.client.query(
                """
                INSERT INTO asset (\(unescaped: Self.columns)) VALUES (\(asset.id), \(asset.title), \(asset.collection), \
                \(asset.ownerLibrary), \(asset.rights.rawValue), \(asset.embargoUntil), \(asset.mediaKind.rawValue), \
                \(asset.contentType), \(asset.originalFileName), \(asset.size), \(asset.sha256.hex), \(asset.createdAt))
                """, logger: database.logger)
        }
    }

    public func assets(limit: Int, offset: Int) async throws -> [Asset] {
        try await database.bounded("assets") {
            let rows = try await database.client.query(
                "SELECT \(unescaped: Self.columns) FROM asset ORDER BY created_at DESC, id LIMIT \(limit) OFFSET \(offset)",
                logger: database.logger)
            var assets = [Asset]()
            for try await row in rows.decode(Row.self) {
                if let asset = Self.asset(row) { assets.append(asset) }
            }
            return assets
        }
    }

    public func count() async throws -> Int {
        try await database.bounded("count") {
            try await database.client.query("SELECT count(*) FROM asset", logger: database.logger).single(Int.self) ?? 0
        }
    }

    static func asset(_ row: Row) -> Asset? {
        guard let rights = Rights(rawValue: row.4), let kind = MediaKind(rawValue: row.6), let digest = ContentDigest(hex: row.10)
        else { return nil }
        return Asset(
            id: row.0, title: row.1, collection: row.2, ownerLibrary: row.3, rights: rights, embargoUntil: row.5,
            mediaKind: kind, contentType: row.7, originalFileName: row.8, size: row.9, sha256: digest, createdAt: row.11)
    }
}
