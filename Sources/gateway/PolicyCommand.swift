import Access
import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check access policy files and explain decisions.",
        subcommands: [Check.self, Explain.self])

    /// Loads the policy directory, turning load errors into the one-line-per-error report.
    static func load(_ directory: String) throws -> PolicySet {
        do {
            return try PolicySet.load(directory: directory)
        } catch {
            throw CommandFailure(error.diagnostics.joined(separator: "\n"))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate policy files; prints every error as file:line:column: message and exits non-zero.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Policy directory (default: policies_dir of the configuration).") var directory: String?

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let path = directory ?? configuration.resolve(configuration.policiesDir)
            let set = try PolicyCommand.load(path)
            for warning in set.warnings { StandardError.write("warning: \(warning)\n") }
            print("\(path): \(set.rules.count) rules in \(set.files.count) files, no errors")
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the decision for a request and every rule considered, with why it matched or not.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Asset id.") var asset: String
        @Option(help: "Subject id (patron or library).") var subject: String = "anonymous"
        @Option(help: "Library vouching for the subject.") var library: String?
        @Option(help: "Subject kind: anonymous, patron, library or admin.") var kind: String = "patron"
        @Option(help: "Action: read, download, stream or deliver.") var action: String
        @Option(help: "Client address.") var ip: String?

        func run() async throws {
            guard let action = PolicyAction(rawValue: action) else {
                throw CommandFailure("unknown action '\(self.action)': use read, download, stream or deliver")
            }
            guard let kind = PolicySubject.Kind(rawValue: kind) else {
                throw CommandFailure("unknown kind '\(self.kind)': use anonymous, patron, library or admin")
            }
            var address: IPAddress?
            if let ip {
                guard let parsed = IPAddress(ip) else { throw CommandFailure("--ip '\(ip)' is not an address") }
                address = parsed
            }
            guard AssetID.isWellFormed(asset) else { throw CommandFailure("'\(asset)' is not an asset id") }
            let services = try await options.openServices()
            guard let found = try await services.catalog.asset(id: asset) else { throw CommandFailure("no asset with id '\(asset)'") }
            let set = try PolicyCommand.load(services.configuration.resolve(services.configuration.policiesDir))
            let request = PolicyRequest(
                action: action, subject: PolicySubject(kind: kind, id: subject, library: library ?? (kind == .library ? subject : nil)),
                asset: PolicyAsset(found, at: Date()),
                clientAddress: address)
            print(PolicyEngine(set).explain(request).description)
        }
    }
}
