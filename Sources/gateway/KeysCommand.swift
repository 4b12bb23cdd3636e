import Access
import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage member libraries' signing keys.",
        subcommands: [AddSigning.self, List.self])

    struct AddSigning: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-signing",
            abstract: "Make a new HMAC signing key for a library; prints 'KID SECRET' (base64url).",
            discussion: "The secret is kept in the data directory, readable by the gateway's user alone. Give it to the library's systems over a safe channel; older keys stay valid (rotation).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Member library id, e.g. harbin.") var library: String

        func run() throws {
            guard AssetIngestor.isValidName(library) else {
                throw CommandFailure("library '\(library)' must be lowercase letters, digits and '-'")
            }
            let configuration = try options.loadConfiguration()
            do {
                let key = try SigningKeyFile(path: configuration.paths.signingKeys).addKey(library: library)
                print("\(key.id) \(key.secret)")
            } catch {
                throw CommandFailure("\(configuration.paths.signingKeys): cannot save the key (\(error.localizedDescription))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List signing key ids and their libraries (never secrets).")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let configuration = try options.loadConfiguration()
            for key in try SigningKeyFile(path: configuration.paths.signingKeys).load() {
                print("\(key.id)\tsigning\t\(key.library)")
            }
        }
    }
}
