import ArgumentParser
import Foundation
import GatewayServer
import Logging

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy this single-node store (catalog, keys, deliveries, audit, blobs) into PostgreSQL and an object store.",
        discussion: """
            Reads the store the configuration names (database: sqlite, storage: local) and writes into the database \
            and object store given here, reached with the configuration's s3_endpoint, s3_region and credentials. \
            Every blob is hashed locally, uploaded with signed part checksums and read back and hashed again before \
            its asset row is written. Run it with the node stopped; it can be interrupted and run again at any point \
            (it continues where it stopped and copies nothing twice). Then set database and storage to the same \
            values in each node's configuration.
            """)
    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("to-database"), help: "postgresql://USER[:PASSWORD]@HOST[:PORT]/DB")
    var database: String

    @Option(name: .customLong("to-storage"), help: "s3://BUCKET[/PREFIX]")
    var storage: String

    @Option(name: .customLong("batch-size"), help: "Deliveries and audit records per transaction (default 2000).")
    var batchSize = 2_000

    func run() async throws {
        let configuration = try options.loadConfiguration()
        var logger = Logger(label: "gateway")
        logger.logLevel = .warning
        let migrator: StoreMigrator
        do {
            migrator = try await StoreMigrator.open(
                configuration: configuration, database: database, storage: storage,
                environment: ProcessInfo.processInfo.environment, batchSize: batchSize, logger: logger,
                say: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
        do {
            try await migrator.run()
        } catch let failure as StoreMigrator.Failure {
            throw CommandFailure(failure.description)
        } catch {
            throw CommandFailure("migrate stopped: \(error); run it again to continue where it stopped")
        }
    }
}
