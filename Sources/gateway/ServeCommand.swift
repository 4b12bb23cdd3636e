import ArgumentParser
import Audit
import Foundation
import GatewayServer
import Logging
import NIOCore
import NIOPosix

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the gateway over HTTP (stops gracefully on SIGTERM or SIGINT).")

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Flag(
        name: .long,
        help: """
            Also accept the public development keys of dev_keys_file (Config/dev-keys.yaml), for trying links by \
            hand (make serve passes it). Only on a loopback address and without trusted_proxies; never in production.
            """)
    var demo = false

    func run() async throws {
        // Run Swift concurrency on NIO's event loops, so a request does not hop between the loops and the global
        // executor (measured: most of the time of a small range request went to such hand-offs). Handlers never
        // block: file reads, SQLite and libav run on NIO's thread pool, GRDB's queues or the transcoder's threads.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let services = try await options.openServices(logLevel: level, demo: demo)
        let configuration = services.configuration
        do {
            try await GatewayApplication.run(services: services) { port in
                services.logger.notice(
                    "gateway serving",
                    metadata: ["address": "\(configuration.host):\(port)", "data_dir": "\(configuration.paths.root)"])
            }
            // Usage gathered in open sessions and records still queued are written before the process ends.
            try? await services.usage.flush()
        } catch {
            throw CommandFailure("cannot serve on \(configuration.host):\(configuration.port): \(error)")
        }
    }
}
