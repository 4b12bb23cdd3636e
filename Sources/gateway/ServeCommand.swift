import ArgumentParser
import Foundation
import GatewayServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the gateway over HTTP (stops gracefully on SIGTERM or SIGINT).")

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let services = try options.openServices(logLevel: level)
        let configuration = services.configuration
        do {
            try await GatewayApplication.run(services: services) { port in
                services.logger.notice(
                    "gateway serving",
                    metadata: ["address": "\(configuration.host):\(port)", "data_dir": "\(configuration.paths.root)"])
            }
        } catch {
            throw CommandFailure("cannot serve on \(configuration.host):\(configuration.port): \(error)")
        }
    }
}
