import Foundation
import GRDB
import Logging
import PostgresStore
import TestServers

@testable import Delivery

/// The backends the delivery behaviour tests run on: the same tests, the same expectations.
enum StoreBackend: String, CaseIterable, Sendable {
    case sqlite, postgresql
}

/// A fresh database file in a temporary directory, opened as the gateway opens its catalog (WAL, busy timeout),
/// removed when the test is done with it; or, for the PostgreSQL backend, a throwaway PostgreSQL server whose store
/// ``store`` is.
final class TemporaryDeliveryDatabase: Sendable {
    /// The PostgreSQL server behind ``store`` (nil on SQLite).
    let postgres: PostgreSQLDatabase?
    let directory: String
    let path: String
    let database: DatabasePool
    /// The store as every caller holds it: the behaviour tests run against the protocol, so a second backend can
    /// run them too.
    let store: any DeliveryStore
    /// The same store as its SQLite implementation, for tests of that implementation (blocking calls, migrations,
    /// constraints).
    let sqlite: SQLiteDeliveryStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/catalog.sqlite"
        database = try Self.open(path)
        sqlite = try SQLiteDeliveryStore(database: database)
        store = sqlite
        postgres = nil
    }

    /// A fresh store of `backend`.
    init(_ backend: StoreBackend) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/catalog.sqlite"
        database = try Self.open(path)
        sqlite = try SQLiteDeliveryStore(database: database)
        switch backend {
        case .sqlite:
            store = sqlite
            postgres = nil
        case .postgresql:
            let server = try await PostgreSQLServer.shared().freshDatabase()
            postgres = server
            store = PostgresDeliveryStore(database: try await SharedDatabase(url: server.url, logger: Logger(label: "test"), deadlines: .patient))
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Another pool on the same file, as a second process (the `gateway deliveries` command) would open it.
    func openAgain() throws -> DatabasePool { try Self.open(path) }

    static func open(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// Every text value stored in the delivery tables, read straight from SQLite.
    func allStoredText() throws -> [String] {
        try database.read { db in
            var texts: [String] = []
            for table in ["delivery", "delivery_download"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    for (_, value) in row {
                        if let text = String.fromDatabaseValue(value) { texts.append(text) }
                    }
                }
            }
            return texts
        }
    }

    /// Rows in `table` of the store's own database.
    func count(_ table: String) throws -> Int {
        if let postgres { return Int(try postgres.psql("SELECT count(*) FROM \(table)")) ?? -1 }
        return try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }
}

/// The instant the tests' deliveries are made: 2026-03-01T09:00:00Z, a whole second, so offsets of whole or
/// half seconds are exact in milliseconds.
let deliveryEpoch = Date(timeIntervalSince1970: 1_772_355_600)

/// A valid request with sensible defaults for the fields a test does not care about.
func deliveryRequest(
    library: String = "harbin", asset: String = "asset-1", patron: Patron = Patron(id: "card-0042"),
    note: String? = nil, ttlDays: Int? = nil, maxDownloads: Int? = nil
) -> NewDelivery {
    NewDelivery(
        library: library, assetID: asset, patron: patron, note: note, ttlDays: ttlDays, maxDownloads: maxDownloads)
}

/// The outcome's name, for comparing outcomes without their records.
func outcomeName(_ outcome: AccessOutcome) -> String {
    switch outcome {
    case .counted: return "counted"
    case .continuing: return "continuing"
    case .exhausted: return "exhausted"
    case .expired: return "expired"
    case .revoked: return "revoked"
    case .notFound: return "notFound"
    }
}
