import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `gateway` binary (built by `swift build`; `GATEWAY_BINARY` overrides) against a temporary data
/// directory, as an operator would.
final class GatewayProcess: @unchecked Sendable {
    // @unchecked: the fields are set once in init and only read afterwards; `process` is only used from the test.
    let dataDir: String
    let binary: String
    var process: Process?
    var port = 0
    var stderrPath: String
    /// Extra environment of every command and of `serve` (set before ``start()``).
    var extraEnvironment: [String: String] = [:]
    /// Extra arguments of `serve` (e.g. `--demo`).
    var serveArguments: [String] = []

    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["GATEWAY_BINARY"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.path + "/.build/debug/gateway"
    }

    /// Policy files of this gateway: by default one rule allowing everything, so tests of other behaviour are not
    /// decided by the shipped example policies. Policy tests rewrite it.
    var policiesDir: String { dataDir + "/policies" }

    static let allowEverything = """
        rules:
          - id: tests-allow-everything
            effect: allow
            actions: all
            subjects: anyone
        """

    func writePolicy(_ text: String, name: String = "10-test.yaml") {
        FileManager.default.createFile(atPath: policiesDir + "/" + name, contents: Data(text.utf8))
    }

    init() throws {
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dataDir + "/policies", withIntermediateDirectories: true)
        binary = Self.binaryPath
        stderrPath = dataDir + "/serve.log"
        writePolicy(Self.allowEverything)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GATEWAY_DATA_DIR"] = dataDir
        env["GATEWAY_HOST"] = "127.0.0.1"
        env["GATEWAY_PORT"] = port == 0 ? "0" : String(port)
        env["GATEWAY_DEV_KEYS_FILE"] = "/nonexistent/dev-keys.yaml"
        env["GATEWAY_POLICIES_DIR"] = policiesDir
        env.merge(extraEnvironment) { _, extra in extra }
        return env
    }

    /// Runs a `gateway` command to completion.
    @discardableResult
    func run(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(binary, arguments, environment: environment)
    }

    /// Starts `gateway serve` on a free port and waits until it answers /healthz.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"] + serveArguments
        var env = environment
        env["GATEWAY_PORT"] = "0"
        process.environment = env
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let log = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: #"address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last!)!
                return
            }
            guard process.isRunning else { throw CommandFailed(description: "gateway serve exited: \(log)") }
            usleep(50_000)
        }
        throw CommandFailed(description: "gateway serve did not start within 30 s")
    }

    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Process ids of the server's transcode workers running now (children whose command line names
    /// `transcode-worker`).
    func transcodeWorkers() -> [Int32] {
        guard let pid = process?.processIdentifier else { return [] }
        var found = [Int32]()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == pid else { continue }
            let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(name)/cmdline"))) ?? Data()
            if String(decoding: commandLine, as: UTF8.self).contains("transcode-worker") { found.append(child) }
        }
        return found
    }

    /// Whether the server process is still the one started (not exited).
    var isRunning: Bool { process?.isRunning ?? false }

    /// The value of an unlabelled gauge or counter in `/metrics` (read from loopback, no key needed).
    func metric(_ name: String) throws -> Double? {
        let text = try CommandResult.curl([baseURL + "/metrics"]).text
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// Open file descriptors of the server process.
    func openDescriptorCount() -> Int {
        guard let pid = process?.processIdentifier else { return -1 }
        return (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// What each open descriptor of the server process refers to ("socket:[…]", a path, "anon_inode:[eventfd]"),
    /// by descriptor number, so that a test that finds one too many can say which.
    func openDescriptors() -> [Int: String] {
        guard let pid = process?.processIdentifier,
            let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        else { return [:] }
        var targets: [Int: String] = [:]
        for name in names {
            guard let number = Int(name) else { continue }
            targets[number] = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(name)")) ?? "?"
        }
        return targets
    }

    /// The descriptors open now that were not open (or referred to something else) in `baseline`, described.
    func descriptorsOpened(since baseline: [Int: String]) -> String {
        openDescriptors().filter { baseline[$0.key] != $0.value }.sorted { $0.key < $1.key }
            .map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
    }

    /// Writes a deterministic test file of `size` bytes (starting with a PDF header) and returns its path.
    /// A video of ffmpeg's test picture with a tone, `seconds` long, made in the data directory; returns its path.
    func makeVideo(named name: String, size: String = "640x360", seconds: Int = 12) throws -> String {
        let path = dataDir + "/" + name
        let made = try CommandResult.run("/usr/bin/ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=25:duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50",
            "-c:a", "aac", "-shortest", path,
        ])
        guard made.status == 0 else { throw CommandFailed(description: "ffmpeg: \(made.stderr)") }
        return path
    }

    func makeFile(named name: String, size: Int) -> String {
        let path = dataDir + "/" + name
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        var written = 0
        var state: UInt32 = 2_463_534_242
        let header = Array("%PDF-1.4\n".utf8)
        while written < size {
            var chunk = [UInt8](repeating: 0, count: min(1 << 20, size - written))
            for index in chunk.indices {
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                chunk[index] = UInt8(truncatingIfNeeded: state)
            }
            if written == 0 {
                for (index, byte) in header.enumerated() where index < chunk.count { chunk[index] = byte }
            }
            handle.write(Data(chunk))
            written += chunk.count
        }
        handle.closeFile()
        return path
    }
}

struct CommandFailed: Error, CustomStringConvertible {
    let description: String
}

/// The outcome of running a program.
struct CommandResult {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
    var lines: [String] { text.split(separator: "\n").map(String.init) }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: try Data(contentsOf: out),
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// curl with `arguments`; `-s` is added.
    static func curl(_ arguments: [String]) throws -> CommandResult {
        try run("/usr/bin/curl", ["-s"] + arguments)
    }
}
