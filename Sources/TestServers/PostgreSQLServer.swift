import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL 15 cluster (Debian's `postgresql`) on a free loopback port in a temporary directory, for
/// tests: `initdb` and `pg_ctl` run as the `postgres` user when the tests run as root (initdb refuses root). Trust
/// authentication on 127.0.0.1 only; the superuser is `gateway`, the database `gateway`. Stopped and removed by
/// ``stop()`` or on deinit.
public final class PostgreSQLServer: @unchecked Sendable {
    // @unchecked: set up in init, then only read; stop() is idempotent.
    public let directory: String
    public let port: Int
    public let user = "gateway"
    public let database = "gateway"
    let binaries: String
    var running = false

    /// `postgresql://gateway@127.0.0.1:PORT/gateway`
    public var url: String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)" }

    public init() throws {
        binaries = try Self.binaryDirectory()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try FreePort.many(1)[0]
        if getuid() == 0 {
            // The postgres user must own the cluster's directory and reach it.
            guard let account = getpwnam("postgres") else { throw TestServerFailed("no postgres user: install Debian's postgresql") }
            chown(directory, account.pointee.pw_uid, account.pointee.pw_gid)
            chmod(directory, 0o700)
        }
        try run("initdb", ["-D", directory + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"])
        try start()
        try run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, database])
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: One server per test process

    nonisolated(unsafe) static var sharedServer: PostgreSQLServer?
    static let sharedLock = NSLock()

    /// One server for the whole test process, started on first use (on a thread of its own: starting it blocks for a
    /// second or two) and stopped when the process exits. Tests that stop their database use their own ``init()``.
    public static func shared() async throws -> PostgreSQLServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                sharedLock.lock()
                defer { sharedLock.unlock() }
                if let server = sharedServer { return continuation.resume(returning: server) }
                do {
                    let server = try PostgreSQLServer()
                    sharedServer = server
                    atexit {
                        PostgreSQLServer.sharedServer?.stop()
                        if let directory = PostgreSQLServer.sharedServer?.directory {
                            try? FileManager.default.removeItem(atPath: directory)
                        }
                    }
                    continuation.resume(returning: server)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// A new, empty database on this server (for one test), made on a thread of its own.
    public func freshDatabase() async throws -> PostgreSQLDatabase {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [self] in
                do {
                    try run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, name])
                    continuation.resume(returning: PostgreSQLDatabase(server: self, name: name))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Stops the server (the database "going away" in fault tests); `start()` brings it back on the same port.
    public func stop() {
        guard running else { return }
        running = false
        try? run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    public func start() throws {
        guard !running else { return }
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off -c max_connections=200"
        try run("pg_ctl", ["-D", directory + "/data", "-o", options, "-l", directory + "/server.log", "-w", "-t", "60", "start"])
        running = true
    }

    /// Runs `psql -c SQL` in `database` and returns what it printed (unaligned, tuples only).
    public func psql(_ sql: String, database: String? = nil) throws -> String {
        try run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database ?? self.database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> String {
        let (executable, argv) = getuid() == 0
            ? ("/usr/sbin/runuser", ["-u", "postgres", "--", binaries + "/" + program] + arguments)
            : (binaries + "/" + program, arguments)
        // A file, not a pipe: the server that `pg_ctl start` leaves running inherits the output and would hold a pipe
        // open for ever.
        let outputPath = directory + "/command-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        let status = try Self.spawnAndWait(executable, argv, outputPath: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
            throw TestServerFailed("\(program) failed (\(status)): \(text) \(log)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// posix_spawn and waitpid, with stdout and stderr to `outputPath` and stdin from /dev/null. (Foundation's
    /// `Process.waitUntilExit` was seen never to return here for a `runuser` child that had exited, from async tests.)
    static func spawnAndWait(_ executable: String, _ arguments: [String], outputPath: String) throws -> Int32 {
        let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw TestServerFailed("cannot create \(outputPath)") }
        fchmod(fd, 0o666)
        defer { close(fd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fd, 1)
        posix_spawn_file_actions_adddup2(&actions, fd, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestServerFailed("cannot start \(executable): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestServerFailed("waitpid failed: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Debian's PostgreSQL binaries (`PG_BIN` overrides), the newest version installed.
    static func binaryDirectory() throws -> String {
        if let path = ProcessInfo.processInfo.environment["PG_BIN"] { return path }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw TestServerFailed("PostgreSQL is not installed: scripts/install-deps installs Debian's postgresql")
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }
}

/// One database of a test server.
public struct PostgreSQLDatabase: Sendable {
    public let server: PostgreSQLServer
    public let name: String

    /// `postgresql://gateway@127.0.0.1:PORT/NAME`
    public var url: String { "postgresql://\(server.user)@127.0.0.1:\(server.port)/\(name)" }

    /// Runs `psql -c SQL` in this database.
    public func psql(_ sql: String) throws -> String { try server.psql(sql, database: name) }
}
