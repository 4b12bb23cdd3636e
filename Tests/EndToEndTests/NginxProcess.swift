import Foundation
import TestServers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Debian's real `nginx` as the reverse proxy in front of a gateway, on a free loopback port, with its own prefix
/// directory, as the README's operator section configures it.
final class NginxProcess: @unchecked Sendable {
    // @unchecked: set up in init, then only read; `process` is used from the test alone.
    let prefix: String
    let port: Int
    var process: Process?

    /// The `location` block of the README's reverse-proxy set-up, proxying to the gateway on `upstreamPort`.
    static func readmeLocation(upstreamPort: Int) -> String {
        """
        location / {
              proxy_pass http://gateway;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_set_header Forwarded "";
              proxy_buffering off;
              proxy_request_buffering off;
              client_max_body_size 1m;
            }
        """
    }

    /// The README's load-balancer set-up for a network of nodes: requests for one item always go to the same node
    /// (its cache holds that item), by a consistent hash of the item id taken from the path.
    static let itemAffinity = (
        http: """
            map $uri $gateway_item {
                ~^/assets/(?<item>[A-Za-z0-9_-]+)   $item;
                ~^/d/(?<token>[A-Za-z0-9_-]+)       $token;
                default                              $uri;
              }
            """,
        upstream: "hash $gateway_item consistent;"
    )

    /// Starts nginx listening on 127.0.0.1 (all of 127.0.0.0/8 reaches it), proxying to `upstreamPort`.
    convenience init(upstreamPort: Int) throws {
        try self.init(upstreamPorts: [upstreamPort])
    }

    /// Starts nginx in front of several gateways; `http` goes into the `http` block, `balancing` into the upstream.
    init(upstreamPorts: [Int], http: String = "", balancing: String = "") throws {
        prefix = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix + "/logs", withIntermediateDirectories: true)
        port = try FreePort.many(1)[0]
        let configuration = """
            worker_processes 1;
            daemon off;
            master_process on;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path \(prefix)/client_body;
              proxy_temp_path \(prefix)/proxy;
              fastcgi_temp_path \(prefix)/fastcgi;
              uwsgi_temp_path \(prefix)/uwsgi;
              scgi_temp_path \(prefix)/scgi;
              \(http)
              upstream gateway {
                \(balancing)
                \(upstreamPorts.map { "server 127.0.0.1:\($0);" }.joined(separator: "\n    "))
                keepalive 16;
              }
              server {
                listen 127.0.0.1:\(port);
                \(Self.readmeLocation(upstreamPort: upstreamPorts[0]))
              }
            }
            """
        try configuration.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        // The worker drops to user nobody: it must be able to reach its temporary directories.
        chmod(prefix, 0o755)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", prefix, "-c", prefix + "/nginx.conf"]
        process.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: prefix + "/logs/stderr.log", contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: prefix + "/logs/stderr.log"))
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/healthz"]))?.text == "200" {
                return
            }
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: prefix + "/logs/stderr.log", encoding: .utf8)) ?? ""
                throw CommandFailed(description: "nginx exited: \(log)")
            }
            usleep(50_000)
        }
        throw CommandFailed(description: "nginx did not start within 10 s")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: prefix)
    }

    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}
