import Access
import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys (member libraries, administrators) and link-signing keys.",
        subcommands: [Add.self, AddSigning.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a bearer API key for a member library (--library L) or an administrator (--admin); prints it once.",
            discussion: "Only a hash of the key is stored. Send it as 'Authorization: Bearer <key>'.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Member library id.") var library: String?
        @Flag(help: "An administrator's key.") var admin = false

        func run() async throws {
            guard (library != nil) != admin else { throw CommandFailure("give exactly one of --library L or --admin") }
            if let library, !AssetIngestor.isValidName(library) {
                throw CommandFailure("library '\(library)' must be lowercase letters, digits and '-'")
            }
            let services = try await options.openServices()
            print(try await services.apiKeys.add(kind: admin ? .admin : .library, library: library))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key by id (see keys list); effective at once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Key id.") var id: String

        func run() async throws {
            let services = try await options.openServices()
            guard try await services.apiKeys.revoke(id: id) else { throw CommandFailure("no live API key with id '\(id)'") }
        }
    }

    struct AddSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-signing",
            abstract: "Make a new HMAC signing key for a library; prints 'KID SECRET' (base64url).",
            discussion: "The secret is kept in the data directory, readable by the gateway's user alone. Give it to the library's systems over a safe channel; older keys stay valid (rotation).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Member library id, e.g. harbin.") var library: String

        func run() async throws {
            guard AssetIngestor.isValidName(library) else {
                throw CommandFailure("library '\(library)' must be lowercase letters, digits and '-'")
            }
            let services = try await options.openServices()
            do {
                let key = try await services.storage.signingKeys.add(library: library)
                print("\(key.id) \(key.secret)")
            } catch {
                let place = services.storage.signingKeys.watchedFile?.path ?? "the shared database"
                throw CommandFailure("\(place): cannot save the key (\(error))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List key ids, kinds and libraries (never secrets).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let services = try await options.openServices()
            for key in try await services.storage.signingKeys.keys() {
                print("\(key.id)\tsigning\t\(key.library)")
            }
            for key in try await services.apiKeys.list() {
                let state = key.revokedAt == nil ? "live" : "revoked"
                print("\(key.id)\t\(key.kind.rawValue)\t\(key.library ?? "-")\t\(state)")
            }
        }
    }
}
