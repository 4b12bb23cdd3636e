import Access
import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Mint a signed patron link; prints the absolute URL and nothing else.",
        discussion: """
            The link carries sub, lib, act, exp, kid, optional ip, and sig = base64url(HMAC-SHA256(secret, \
            "v1\\n" + asset + "\\n" + sub + "\\n" + lib + "\\n" + act + "\\n" + exp + "\\n" + ip)). It is signed \
            with the library's newest signing key unless --kid names one.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Asset id.") var asset: String
    @Option(help: "Patron or library id the link is for.") var subject: String
    @Option(help: "Library vouching for the subject (owner of the signing key).") var library: String
    @Option(help: "read (view inline), download (attachment) or stream (media playback only).") var action: String
    @Option(help: "Lifetime in seconds.") var ttl: Int64
    @Option(help: "Bind the link to this address or CIDR.") var ip: String?
    @Option(help: "Signing key id (default: the library's newest).") var kid: String?

    func run() async throws {
        guard let action = LinkAction(rawValue: action) else {
            throw CommandFailure("unknown action '\(self.action)': use read, download or stream")
        }
        guard ttl > 0, ttl <= 10 * 365 * 86400 else { throw CommandFailure("--ttl must be between 1 second and 10 years") }
        if let ip, NetworkRange(ip) == nil { throw CommandFailure("--ip '\(ip)' is not an address or CIDR") }
        guard AssetID.isWellFormed(asset) else { throw CommandFailure("'\(asset)' is not an asset id") }
        let services = try await options.openServices()
        guard let found = try await services.catalog.asset(id: asset) else { throw CommandFailure("no asset with id '\(asset)'") }
        do {
            let minted = try await LinkMinter(services: services).mint(
                asset: found, subject: subject, library: library, action: action, ttlSeconds: ttl, boundNetwork: ip,
                keyID: kid)
            print(minted.url)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
    }
}
