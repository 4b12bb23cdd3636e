import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The data directory holds patron names and key hashes: 0700, its files 0600, whatever the umask of the shell that
/// started the gateway, and a directory left open by an older version is tightened at start.
@Suite struct DataDirectoryTests {
    /// Every entry under `root` (itself included) whose group or other bits are set, with its mode.
    static func looseEntries(under root: String) -> [String] {
        var loose = [String]()
        var pending = [root]
        while let path = pending.popLast() {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if status.st_mode & 0o077 != 0 { loose.append("\(path) \(String(status.st_mode & 0o777, radix: 8))") }
            if status.st_mode & S_IFMT == S_IFDIR {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { pending.append(path + "/" + name) }
            }
        }
        return loose
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        _ = lstat(path, &status)
        return status.st_mode & 0o777
    }

    @Test func aNewStoreIsReadableByTheGatewaysUserAlone() throws {
        let gateway = try GatewayProcess()
        let store = gateway.dataDir + "/store"
        var env = gateway.environment
        env["GATEWAY_DATA_DIR"] = store
        let file = gateway.makeFile(named: "a.pdf", size: 5_000)
        // Started from a shell with a permissive umask (000; a login shell's 022 is already too loose).
        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandResult.run("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", gateway.binary] + arguments, environment: env)
        }
        let ingest = try run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let key = try run(["keys", "add", "--library", "harbin"])
        #expect(key.status == 0, "\(key.stderr)")
        #expect(try run(["keys", "add-signing", "--library", "harbin"]).status == 0)
        #expect(Self.mode(store) == 0o700)
        #expect(Self.mode(store + "/catalog.sqlite") == 0o600)
        #expect(Self.looseEntries(under: store) == [])
    }

    @Test func anOpenStoreIsTightenedAtStartWithALogLine() throws {
        let gateway = try GatewayProcess()
        let file = gateway.makeFile(named: "b.pdf", size: 5_000)
        #expect(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).status == 0)
        // As an older version left it: 0755 directories, 0644 files.
        var pending = [gateway.dataDir]
        while let path = pending.popLast() {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                chmod(path, 0o755)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { pending.append(path + "/" + name) }
            } else {
                chmod(path, 0o644)
            }
        }
        #expect(!Self.looseEntries(under: gateway.dataDir).isEmpty)
        try gateway.start()
        let log = try String(contentsOfFile: gateway.stderrPath, encoding: .utf8)
        #expect(log.contains("data directory permissions tightened"), "\(log)")
        // The log file itself is the test's, written outside the gateway.
        #expect(Self.looseEntries(under: gateway.dataDir).filter { !$0.contains("serve.log") } == [])
    }
}
