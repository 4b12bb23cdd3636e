import ArgumentParser
import Foundation
import GatewayServer
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default Config/gateway.yaml).")
    var config: String?

    /// The configuration from the file and the environment.
    func loadConfiguration() throws -> GatewayConfiguration {
        do {
            return try GatewayConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
    }

    /// Opens the data directory for a command.
    func openServices(logLevel: Logger.Level = .warning, demo: Bool = false) async throws -> GatewayServices {
        let configuration = try loadConfiguration()
        var logger = Logger(label: "gateway")
        logger.logLevel = logLevel
        do {
            return try await GatewayServices.open(configuration: configuration, logger: logger, demo: demo)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("\(configuration.paths.root): cannot open the data directory (\(error))")
        }
    }
}

/// A failure reported as one line on stderr with a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension CommandFailure: LocalizedError {
    var errorDescription: String? { description }
}

/// Writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
