import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets", abstract: "List or show assets in the catalog.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List assets, newest first: id, kind, size, collection, title.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "At most this many.") var limit = 100
        @Flag(help: "Print ids only, one per line.") var ids = false

        func run() async throws {
            let services = try await options.openServices()
            for asset in try await services.catalog.assets(limit: limit, offset: 0) {
                if ids {
                    print(asset.id)
                } else {
                    print([asset.id, asset.mediaKind.rawValue, String(asset.size), asset.collection, asset.ownerLibrary, asset.title]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one asset's metadata as JSON.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Asset id.") var id: String

        func run() async throws {
            guard AssetID.isWellFormed(id) else { throw CommandFailure("'\(id)' is not an asset id") }
            let services = try await options.openServices()
            guard let asset = try await services.catalog.asset(id: id) else { throw CommandFailure("no asset with id '\(id)'") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(asset), as: UTF8.self))
        }
    }
}
