public import Foundation

/// The catalogue of assets. SQLite (``SQLiteCatalog``) on one machine; a PostgreSQL implementation slots in for
/// scale-out without touching callers.
public protocol Catalog: Sendable {
    /// The asset with `id`, or nil.
    func asset(id: String) async throws -> Asset?
    /// Inserts a new asset row.
    func insert(_ asset: Asset) async throws
    /// Assets ordered by creation time, newest first.
    func assets(limit: Int, offset: Int) async throws -> [Asset]
    /// Number of assets.
    func count() async throws -> Int
}
