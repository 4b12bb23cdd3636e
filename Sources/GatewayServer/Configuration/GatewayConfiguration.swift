import GatewaySupport
public import Access
import Audit
public import Foundation
import Yams

/// The gateway's configuration: `Config/gateway.yaml`, every key overridable by an environment variable
/// `GATEWAY_<KEY IN UPPER CASE>` (e.g. `GATEWAY_PORT`, `GATEWAY_DATA_DIR`), which wins over the file.
public struct GatewayConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Base URL put in front of minted links; empty means `http://HOST:PORT`.
    public var publicURL = ""
    /// Catalog, blobs, secrets and caches live here.
    public var dataDir = "var"
    public var policiesDir = "Policies"
    public var transcodeProfilesDir = "Transcode"
    /// Memory tier of the cache, in bytes.
    public var cacheMemoryBytes: Int64 = 256 << 20
    /// Disk tier of the cache (renditions, segments), in bytes.
    public var cacheDiskBytes: Int64 = 10 << 30
    /// Concurrent transcodes; 0 means one per core.
    public var transcodeConcurrency = 0
    /// Development keys (public, in the repository): loaded only by `gateway serve --demo`, on a loopback address,
    /// with no trusted proxies.
    public var devKeysFile = "Config/dev-keys.yaml"
    /// Reverse proxies believed about the client's address (`Forwarded`, then `X-Forwarded-For`); none by default.
    public var trustedProxies = TrustedProxies()
    /// A client must send a whole request head within this many seconds of connecting (or of its previous response).
    public var requestHeadTimeoutSeconds = 60
    /// An idle keep-alive connection is closed after this many seconds.
    public var keepaliveTimeoutSeconds = 75
    /// A client that accepts no bytes of a response for this many seconds is disconnected.
    public var sendTimeoutSeconds = 60
    /// Media claiming to last longer than this (seconds) is refused with 422 instead of being transcoded.
    public var maxMediaDurationSeconds = 86_400
    /// A rendition being made that nobody has polled for this many seconds is cancelled.
    public var renditionPollTimeoutSeconds = 30
    /// Stamped copies of PDFs up to this many bytes are made while the request waits; larger ones in the background
    /// (202 with progress, poll again).
    public var stampInlineBytes: Int64 = 48 << 20
    /// How long a console sign-in lasts (seconds) before the browser is sent back to the sign-in page.
    public var consoleSessionSeconds = 8 * 3600
    /// Transcode jobs allowed to wait for a transcoder (beyond that: 503 with Retry-After).
    public var transcodeQueueLimit = 16
    /// Transcode jobs one subject (patron, library key, delivery) may have queued or running at once.
    public var transcodeJobsPerSubject = 2
    /// Transcode jobs the patrons and keys of one library may have queued or running at once.
    public var transcodeJobsPerLibrary = 8
    /// Address-space limit of a transcode worker process, in bytes (a runaway decoder dies, the gateway does not).
    public var transcodeWorkerMemoryBytes: Int64 = 2 << 30
    /// The most CPU time any transcode worker process may use, in seconds (a job's own allowance is a minute plus
    /// four times its media's length, below this).
    public var transcodeWorkerCPUSeconds = 21_600
    /// Time zone in which usage reports count days.
    public var timeZone = "Asia/Shanghai"
    /// How long in-flight downloads may finish after SIGTERM/SIGINT.
    public var shutdownGraceSeconds = 10
    /// Audit records older than this many days are purged (daily and at start); 0 keeps them forever.
    public var auditRetentionDays = 730
    /// Whether decisions are written to the audit log. Keep it on: usage statistics come from it. Off only for a
    /// test node or to measure what auditing costs (`scripts/bench-range`).
    public var auditEnabled = true
    /// Names, copyright notices and contacts of the libraries, shown on patron landing pages.
    public var librariesFile = "Config/libraries.yaml"
    /// Deliveries whose link ended (expired or revoked) more than this many days ago are purged: tokens and patron
    /// details go, audit counts stay. 0 keeps them forever.
    public var deliveryRetentionDays = 90
    /// The OpenAPI description of the partner API, served at `/openapi.yaml`.
    public var openapiFile = "openapi.yaml"
    /// Where the shared state lives: `sqlite` (the embedded default, `catalog.sqlite` in the data directory) or, for
    /// scale-out, `postgresql://USER[:PASSWORD]@HOST:PORT/DB`.
    public var database = "sqlite"
    /// Where the blobs live: `local` (the embedded default, `blobs/` in the data directory) or `s3://BUCKET[/PREFIX]`.
    public var storage = "local"
    /// The object store's endpoint (`http(s)://HOST[:PORT]`, path-style requests); empty: AWS's regional endpoint.
    public var s3Endpoint = ""
    public var s3Region = "us-east-1"
    /// `KEY SECRET` in a file readable by the gateway's user alone; without it, `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`.
    public var s3CredentialsFile = ""
    /// This node's name among the nodes of a network; empty: `HOSTNAME:PORT`.
    public var nodeID = ""
    /// Bytes of an object-store blob fetched at a time and kept in the caches (like nginx's `slice`).
    public var sliceBytes: Int64 = 1 << 20
    /// Directory that relative paths in the file are resolved against (the working directory by default).
    public var baseDirectory = FileManager.default.currentDirectoryPath

    public init() {}

    /// The keys of the file, in the order they are documented.
    static let keys = [
        "host", "port", "public_url", "data_dir", "policies_dir", "transcode_profiles_dir", "cache_memory_bytes",
        "cache_disk_bytes", "transcode_concurrency", "dev_keys_file", "time_zone", "shutdown_grace_seconds",
        "audit_retention_days", "audit_enabled", "libraries_file", "delivery_retention_days", "openapi_file",
        "trusted_proxies", "request_head_timeout_seconds", "keepalive_timeout_seconds", "send_timeout_seconds",
        "max_media_duration_seconds", "transcode_queue_limit", "transcode_jobs_per_subject", "transcode_jobs_per_library",
        "transcode_worker_memory_bytes", "transcode_worker_cpu_seconds", "rendition_poll_timeout_seconds", "stamp_inline_bytes", "console_session_seconds", "database",
        "storage", "s3_endpoint", "s3_region", "s3_credentials_file", "node_id", "slice_bytes",
    ]

    /// Loads `path` (if it exists; a missing default file is not an error) and applies `environment` overrides.
    public static func load(path: String?, environment: [String: String]) throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        let filePath = path ?? "Config/gateway.yaml"
        if FileManager.default.fileExists(atPath: filePath) {
            let text: String
            do {
                text = try String(contentsOfFile: filePath, encoding: .utf8)
            } catch {
                throw ConfigurationError("\(filePath): cannot be read (\(error.localizedDescription))")
            }
            try configuration.apply(yaml: text, file: filePath)
        } else if path != nil {
            throw ConfigurationError("\(filePath): no such configuration file")
        }
        for key in keys {
            if let value = environment["GATEWAY_" + key.uppercased()] {
                try configuration.set(key, value, origin: "environment variable GATEWAY_\(key.uppercased())")
            }
        }
        return configuration
    }

    mutating func apply(yaml text: String, file: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError("\(file): \(error)")
        }
        guard let node else { return }
        guard let mapping = node.mapping else {
            throw ConfigurationError("\(file):1:1: the configuration must be a mapping of keys to values")
        }
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let position = "\(file):\(keyNode.mark?.line ?? 0):\(keyNode.mark?.column ?? 0)"
            guard Self.keys.contains(key) else {
                let hint = NameSuggestion.closest(to: key, in: Self.keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigurationError("\(position): unknown key '\(key)'\(hint)")
            }
            if key == "trusted_proxies", let list = valueNode.sequence {
                // A YAML list of blocks is accepted too.
                let items = list.map { $0.scalar?.string ?? "" }
                try set(key, items.joined(separator: ","), origin: position)
                continue
            }
            guard let scalar = valueNode.scalar else {
                throw ConfigurationError("\(position): '\(key)' takes a single value")
            }
            try set(key, scalar.string, origin: position)
        }
    }

    mutating func set(_ key: String, _ value: String, origin: String) throws {
        func integer() throws -> Int64 {
            guard let number = Int64(value.replacingOccurrences(of: "_", with: "")), number >= 0 else {
                throw ConfigurationError("\(origin): '\(key)' must be a whole number ≥ 0, not '\(value)'")
            }
            return number
        }
        func positive() throws -> Int {
            let number = try integer()
            guard number > 0, number <= Int64(Int32.max) else {
                throw ConfigurationError("\(origin): '\(key)' must be a whole number from 1 to \(Int32.max), not '\(value)'")
            }
            return Int(number)
        }
        switch key {
        case "host": host = value
        case "port":
            let number = try integer()
            guard number <= 65535 else { throw ConfigurationError("\(origin): 'port' must be 0–65535, not \(value)") }
            port = Int(number)
        case "public_url": publicURL = value.hasSuffix("/") ? String(value.dropLast()) : value
        case "data_dir": dataDir = value
        case "database":
            guard value == "sqlite" || value.hasPrefix("postgresql://") || value.hasPrefix("postgres://") else {
                throw ConfigurationError("\(origin): 'database' is sqlite or postgresql://USER[:PASSWORD]@HOST:PORT/DB, not '\(value)'")
            }
            database = value
        case "storage":
            guard value == "local" || value.hasPrefix("s3://") else {
                throw ConfigurationError("\(origin): 'storage' is local or s3://BUCKET[/PREFIX], not '\(value)'")
            }
            storage = value
        case "s3_endpoint": s3Endpoint = value
        case "s3_region": s3Region = value
        case "s3_credentials_file": s3CredentialsFile = value
        case "node_id": nodeID = value
        case "slice_bytes":
            let bytes = try integer()
            guard bytes >= 64 << 10, bytes <= 64 << 20 else {
                throw ConfigurationError("\(origin): 'slice_bytes' must be from 65536 (64 KiB) to 67108864 (64 MiB), not '\(value)'")
            }
            sliceBytes = bytes
        case "policies_dir": policiesDir = value
        case "transcode_profiles_dir": transcodeProfilesDir = value
        case "cache_memory_bytes": cacheMemoryBytes = try integer()
        case "cache_disk_bytes": cacheDiskBytes = try integer()
        case "transcode_concurrency": transcodeConcurrency = Int(try integer())
        case "dev_keys_file": devKeysFile = value
        case "time_zone":
            guard TimeZone(identifier: value) != nil else {
                throw ConfigurationError("\(origin): unknown time zone '\(value)' (use an IANA name such as Asia/Shanghai)")
            }
            timeZone = value
        case "shutdown_grace_seconds": shutdownGraceSeconds = Int(try integer())
        case "audit_retention_days": auditRetentionDays = Int(try integer())
        case "libraries_file": librariesFile = value
        case "delivery_retention_days": deliveryRetentionDays = Int(try integer())
        case "openapi_file": openapiFile = value
        case "trusted_proxies":
            switch TrustedProxies.parse(value) {
            case .success(let proxies): trustedProxies = proxies
            case .failure(let error):
                throw ConfigurationError(
                    "\(origin): 'trusted_proxies' takes addresses or CIDR blocks such as 127.0.0.1/32, not '\(error.entry)'")
            }
        case "request_head_timeout_seconds": requestHeadTimeoutSeconds = try positive()
        case "keepalive_timeout_seconds": keepaliveTimeoutSeconds = try positive()
        case "send_timeout_seconds": sendTimeoutSeconds = try positive()
        case "max_media_duration_seconds": maxMediaDurationSeconds = try positive()
        case "rendition_poll_timeout_seconds": renditionPollTimeoutSeconds = try positive()
        case "stamp_inline_bytes": stampInlineBytes = Int64(try integer())
        case "console_session_seconds": consoleSessionSeconds = try positive()
        case "transcode_queue_limit": transcodeQueueLimit = Int(try integer())
        case "transcode_jobs_per_subject": transcodeJobsPerSubject = try positive()
        case "transcode_jobs_per_library": transcodeJobsPerLibrary = try positive()
        case "transcode_worker_memory_bytes":
            let bytes = try integer()
            guard bytes >= 64 << 20 else {
                throw ConfigurationError("\(origin): 'transcode_worker_memory_bytes' must be at least 67108864 (64 MiB), not '\(value)'")
            }
            transcodeWorkerMemoryBytes = bytes
        case "transcode_worker_cpu_seconds": transcodeWorkerCPUSeconds = try positive()
        case "audit_enabled":
            switch value.lowercased() {
            case "true", "yes", "on", "1": auditEnabled = true
            case "false", "no", "off", "0": auditEnabled = false
            default: throw ConfigurationError("\(origin): 'audit_enabled' must be true or false, not '\(value)'")
            }
        default: break
        }
    }

    /// `path` resolved against ``baseDirectory`` when relative.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }

    /// Where each kind of state lives under the data directory.
    public var paths: DataPaths { DataPaths(root: resolve(dataDir)) }

    /// The base of minted links.
    public var linkBaseURL: String {
        if !publicURL.isEmpty { return publicURL }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "http://\(hostPart):\(port)"
    }

    /// The time zone usage reports and daily allowances count days in (validated when the file is read).
    public var reportTimeZone: TimeZone { TimeZone(identifier: timeZone) ?? AuditLog.defaultTimeZone }

    /// Whether the listen address is loopback (one condition of loading development keys).
    public var listensOnLoopback: Bool {
        if host == "localhost" { return true }
        return IPAddress(host)?.isLoopback ?? false
    }
}
