import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Demo data.", subcommands: [Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty data directory with demo assets; prints their ids, one per line.",
            discussion: "Generates a multi-page PDF with Chinese and English text and an audio file, ingests them for the library 'demo-library', and makes a signing key for that library.")
        @OptionGroup var options: GlobalOptions
        @Flag(help: "Succeed without doing anything when the store already holds assets.")
        var skipIfSeeded = false

        func run() async throws {
            let services = try await options.openServices()
            let seeder = DemoSeeder(services: services)
            if try await seeder.isSeeded() {
                if skipIfSeeded { return }
                throw CommandFailure("\(services.configuration.paths.root) already holds assets; demo seed fills an empty store (use another GATEWAY_DATA_DIR or remove this one)")
            }
            do {
                for asset in try await seeder.seed() { print(asset.id) }
            } catch {
                throw CommandFailure("demo seed failed: \(error)")
            }
        }
    }
}
