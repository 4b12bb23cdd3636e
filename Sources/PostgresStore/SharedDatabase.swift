public import Foundation
public import Logging
public import PostgresNIO
import Audit
import Dispatch
import Synchronization

/// The shared database of a network of gateway nodes: one `PostgresClient` (a pool of connections, run for the life
/// of the process) and versioned migrations, applied once however many nodes start at the same moment (under an
/// advisory lock).
public final class SharedDatabase: Sendable {
    public let client: PostgresClient
    let runner: Task<Void, Never>
    public let logger: Logger
    /// Until when (uptime nanoseconds) operations fail at once after the database was found unreachable.
    let unavailableUntil = Atomic<UInt64>(0)

    /// How long connecting (with the migrations) and each store operation may take before the database counts as
    /// unavailable.
    public struct Deadlines: Sendable {
        public var connect: Double
        public var operation: Double
        /// For test processes, whose async work may wait minutes for a thread while other tests block theirs.
        public static let patient = Deadlines(connect: 300, operation: 300)

        public init(connect: Double = 15, operation: Double = 5) {
            self.connect = connect
            self.operation = operation
        }
    }

    let deadlines: Deadlines

    /// Connects to `url` (`postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`) and applies the pending migrations.
    /// - Parameter deadlines: the defaults suit a server; tests that share two cores with hundreds of others give
    ///   more (a deadline measures wall time, and a starved test process is not a database that went away).
    /// - Throws: ``PostgresStoreError`` with a one-line reason when the URL is malformed or the database cannot be
    ///   reached or migrated.
    public init(url: String, logger: Logger, deadlines: Deadlines = Deadlines()) async throws {
        self.deadlines = deadlines
        let configuration = try Self.configuration(url: url)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let client = self.client
        runner = Task { await client.run() }
        self.logger = logger
        do {
            try await Self.withDeadline(seconds: deadlines.connect, "connecting and migrating") { [self] in try await self.migrate() }
        } catch {
            runner.cancel()
            throw PostgresStoreError("database: cannot prepare \(Self.redacted(url)): \(Self.describe(error))")
        }
    }

    deinit { runner.cancel() }

    /// Stops the connection pool.
    public func close() { runner.cancel() }

    /// A libpq-style URL without its password, for messages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }

    static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), components.scheme == "postgresql" || components.scheme == "postgres",
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw PostgresStoreError("database: expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, not \(redacted(url))")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        default: throw PostgresStoreError("database: sslmode=\(sslmode) is not one of disable, prefer, require, verify-full")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? user : database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 20
        return configuration
    }

    /// The schema, one version at a time. Never edit a shipped migration: add a new one.
    static let migrations: [(String, [PostgresQuery])] = [
        ("v1-assets", [
            """
            CREATE TABLE asset (
              id text PRIMARY KEY, title text NOT NULL, collection text NOT NULL, owner_library text NOT NULL,
              rights text NOT NULL, embargo_until timestamptz, media_kind text NOT NULL, content_type text NOT NULL,
              original_file_name text NOT NULL, size bigint NOT NULL, sha256 text NOT NULL, created_at timestamptz NOT NULL)
            """,
            "CREATE INDEX asset_by_created ON asset (created_at DESC, id)",
            "CREATE INDEX asset_by_sha256 ON asset (sha256)",
        ]),
        ("v2-download-windows", [
            """
            CREATE TABLE download_window (
              id bigserial PRIMARY KEY, subject text NOT NULL, asset_id text NOT NULL, client text NOT NULL,
              opened_at bigint NOT NULL, day text NOT NULL)
            """,
            "CREATE INDEX download_window_by_subject_day ON download_window (subject, day)",
            "CREATE INDEX download_window_by_key ON download_window (subject, asset_id, client, opened_at)",
        ]),
        ("v3-api-keys", [
            """
            CREATE TABLE api_key (
              id text PRIMARY KEY, kind text NOT NULL, library text, token_hash text NOT NULL,
              created_at timestamptz NOT NULL, revoked_at timestamptz)
            """
        ]),
        ("v4-deliveries", [
            """
            CREATE TABLE delivery (
              id text PRIMARY KEY, token_hash text NOT NULL UNIQUE, library text NOT NULL, asset_id text NOT NULL,
              patron_id text NOT NULL, patron_name text, patron_email text, note text, created_at bigint NOT NULL,
              expires_at bigint NOT NULL, max_downloads bigint NOT NULL, downloads_used bigint NOT NULL DEFAULT 0,
              last_access_at bigint, revoked_at bigint,
              CHECK (downloads_used >= 0 AND downloads_used <= max_downloads))
            """,
            "CREATE INDEX delivery_by_library_created ON delivery (library, created_at)",
            "CREATE INDEX delivery_by_expiry ON delivery (expires_at)",
            "CREATE INDEX delivery_by_revocation ON delivery (revoked_at)",
            """
            CREATE TABLE delivery_download (
              id bigserial PRIMARY KEY, delivery_id text NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
              client text NOT NULL, opened_at bigint NOT NULL, closes_at bigint NOT NULL)
            """,
            "CREATE INDEX delivery_download_by_key ON delivery_download (delivery_id, client, closes_at)",
        ]),
        ("v5-audit", [
            """
            CREATE TABLE audit_event (
              id bigserial PRIMARY KEY, time bigint NOT NULL, subject text NOT NULL, library text NOT NULL,
              asset_id text NOT NULL, collection text NOT NULL, action text NOT NULL, decision text NOT NULL, rule_id text,
              status bigint NOT NULL, bytes_sent bigint NOT NULL, client_address text NOT NULL, user_agent text NOT NULL,
              requests bigint NOT NULL DEFAULT 1)
            """,
            "CREATE INDEX audit_event_by_time ON audit_event (time)",
        ]),
        ("v6-signing-keys", [
            "CREATE TABLE signing_key (id text PRIMARY KEY, library text NOT NULL, secret text NOT NULL, created_at timestamptz NOT NULL)"
        ]),
        // Deliveries made in the same millisecond list in the order they were made (as SQLite's rowid gives).
        ("v7-delivery-order", ["ALTER TABLE delivery ADD COLUMN seq bigserial"]),
        ("v8-nodes", [
            """
            CREATE TABLE gateway_node (
              id text PRIMARY KEY, address text NOT NULL, version text NOT NULL, policy_digest text NOT NULL,
              started_at timestamptz NOT NULL, last_heartbeat timestamptz NOT NULL, cache_memory_bytes bigint NOT NULL,
              cache_disk_bytes bigint NOT NULL)
            """
        ]),
        // How far `gateway migrate` has copied each single-node store (StoreImport).
        ("v9-import-progress", [
            """
            CREATE TABLE gateway_import (
              source text NOT NULL, step text NOT NULL, position bigint NOT NULL,
              updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (source, step))
            """
        ]),
        // concurrent_streams across nodes (PostgresStreamLeases); times in the database's milliseconds.
        ("v10-stream-leases", [
            """
            CREATE TABLE stream_lease (
              subject text NOT NULL, asset_id text NOT NULL, holder text NOT NULL, expires_at bigint NOT NULL,
              PRIMARY KEY (subject, asset_id, holder))
            """,
            "CREATE INDEX stream_lease_by_expiry ON stream_lease (expires_at)",
        ]),
        // Transcoding once per network (PostgresTranscodeJobs).
        ("v11-transcode-jobs", [
            """
            CREATE TABLE transcode_job (
              key text PRIMARY KEY, holder text NOT NULL, state text NOT NULL, expires_at bigint NOT NULL,
              fraction double precision NOT NULL DEFAULT 0, failure_code text, failure text)
            """
        ]),
        // Daily counts kept as records are written (PostgresAuditStore+Daily).
        ("v12-daily-usage", [
            """
            CREATE TABLE usage_day (
              day text NOT NULL, library text NOT NULL, collection text NOT NULL, action text NOT NULL,
              decision text NOT NULL, rule text NOT NULL, status bigint NOT NULL,
              requests bigint NOT NULL, records bigint NOT NULL, bytes bigint NOT NULL,
              PRIMARY KEY (day, library, collection, action, decision, rule, status))
            """,
            """
            CREATE TABLE usage_day_item (
              day text NOT NULL, library text NOT NULL, asset text NOT NULL, requests bigint NOT NULL,
              PRIMARY KEY (day, library, asset))
            """,
            "CREATE INDEX usage_day_item_by_library ON usage_day_item (library, day)",
            "CREATE TABLE usage_day_zone (zone text NOT NULL)",
        ]),
        // Console sessions (GatewayServer's ConsoleSession): signed in on one node, valid on every node.
        ("v13-console-sessions", [
            """
            CREATE TABLE console_session (
              id text PRIMARY KEY, key_id text NOT NULL, token_hash text NOT NULL, csrf text NOT NULL,
              expires_at bigint NOT NULL, ended boolean NOT NULL DEFAULT false)
            """,
            "CREATE INDEX console_session_by_expiry ON console_session (expires_at)",
        ]),
        // Narrow daily counts per question (Audit's DailyCountTable) with monthly item counts, instead of one wide
        // table: summed again from the records by the first node that opens the store.
        ("v14-daily-counts-by-question", [
            "DROP TABLE usage_day", "DROP TABLE usage_day_item", "DELETE FROM usage_day_zone",
        ] + DailyCountTable.all.map { PostgresQuery(unsafeSQL: $0.createSQL(integer: "bigint", suffix: "")) } + [
            "CREATE INDEX usage_day_item_by_library ON usage_day_item (library, day)",
            "CREATE INDEX usage_month_item_by_library ON usage_month_item (library, month)",
        ]),
    ]

    func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            // One node migrates; the others wait here, then find nothing left to do.
            try await connection.query("SELECT pg_advisory_xact_lock(7215001)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS gateway_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var applied = Set<String>()
            for try await version in try await connection.query("SELECT version FROM gateway_migration", logger: logger).decode(String.self) {
                applied.insert(version)
            }
            for (version, statements) in Self.migrations where !applied.contains(version) {
                for statement in statements { try await connection.query(statement, logger: logger) }
                try await connection.query("INSERT INTO gateway_migration (version) VALUES (\(version))", logger: logger)
            }
        }
    }

    /// The versions applied, in the order they are applied (the order of ``migrations``; unknown ones, from a newer
    /// gateway, last).
    public func appliedMigrations() async throws -> [String] {
        var versions = [String]()
        for try await version in try await client.query("SELECT version FROM gateway_migration", logger: logger)
            .decode(String.self)
        {
            versions.append(version)
        }
        let order = Dictionary(uniqueKeysWithValues: Self.migrations.enumerated().map { ($0.element.0, $0.offset) })
        return versions.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
    }

    /// `operation`, or ``PostgresStoreError`` once `seconds` have passed (postgres-nio waits for a connection as long
    /// as it is asked to; a node must not hang on a database that went away).
    public static func withDeadline<T: Sendable>(
        seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw PostgresStoreError("PostgreSQL did not answer within \(Int(seconds)) s (\(what))", isUnavailable: true)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// `body`, bounded: a store operation that cannot get an answer within `seconds` (the database is down, or out
    /// of connections) fails with an unavailable ``PostgresStoreError`` instead of waiting, and for two seconds after
    /// such a failure further operations fail at once, so a node whose database went away answers 503 quickly.
    public func bounded<T: Sendable>(
        _ what: String, seconds: Double? = nil, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let seconds = seconds ?? deadlines.operation
        let now = DispatchTime.now().uptimeNanoseconds
        guard now >= unavailableUntil.load(ordering: .relaxed) else {
            throw PostgresStoreError("PostgreSQL unreachable moments ago; not asked again yet (\(what))", isUnavailable: true)
        }
        do {
            return try await Self.withDeadline(seconds: seconds, what, body)
        } catch let error as PostgresStoreError {
            if error.isUnavailable { markUnavailable() }
            throw error
        } catch let error as PSQLError where error.serverInfo == nil {
            // No answer from a server: the connection could not be made or broke.
            markUnavailable()
            throw PostgresStoreError("PostgreSQL unreachable (\(what)): \(Self.describe(error))", isUnavailable: true)
        }
    }

    func markUnavailable() {
        unavailableUntil.store(DispatchTime.now().uptimeNanoseconds + 2_000_000_000, ordering: .relaxed)
    }

    /// One line for an error of postgres-nio (whose descriptions hide the server's message by default).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return "PostgreSQL: \(message)" }
            return "PostgreSQL unreachable (\(error.code))"
        }
        return "\(error)"
    }
}

/// A shared-database failure, with a one-line reason.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The database could not be reached or did not answer in time (a server answers 503 and the client retries),
    /// as opposed to a refused statement.
    public let isUnavailable: Bool
    public init(_ description: String, isUnavailable: Bool = false) {
        self.description = description
        self.isUnavailable = isUnavailable
    }
}
