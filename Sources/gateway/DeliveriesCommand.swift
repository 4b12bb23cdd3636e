import Access
import ArgumentParser
import AssetStore
import Delivery
import Foundation
import GatewayServer

struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries", abstract: "List and revoke interlibrary deliveries (patron links /d/…).",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver an item to a patron on behalf of a library; prints the patron's link and nothing else.",
            discussion: "The same as POST /deliveries with that library's key: the policy must allow the library the 'deliver' action on the item, and caps the lifetime and downloads.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Item id.") var asset: String
        @Option(help: "The delivering member library.") var library: String
        @Option(help: "The patron's id at that library.") var patron: String
        @Option(help: "The patron's name (shown to the library only).") var name: String?
        @Option(name: .customLong("ttl-days"), help: "Days the link works (capped by the policy).") var ttlDays: Int?
        @Option(name: .customLong("max-downloads"), help: "Downloads allowed (capped by the policy).") var maxDownloads: Int?
        @Option(
            help: ArgumentHelp(
                "Write the stamped copy the patron would get to this file and create nothing (PDFs whose policy sets 'stamp').",
                valueName: "file"))
        var preview: String?

        func run() async throws {
            let services = try await options.openServices()
            guard let item = try await services.catalog.asset(id: asset) else { throw CommandFailure("no item '\(asset)'") }
            let decision = services.policies.engine.decide(
                PolicyRequest(action: .deliver, subject: .library(library), asset: PolicyAsset(item, at: Date()), clientAddress: nil))
            guard decision.allowed else {
                throw CommandFailure("the policy does not let '\(library)' deliver '\(asset)' (see: gateway policy explain --asset \(asset) --library \(library) --action deliver)")
            }
            let stamp = decision.limits.stamp
            if preview != nil || (item.mediaKind == .pdf && !stamp.isEmpty) {
                // The stamped copy is made first: a PDF that cannot be stamped is refused before a link exists.
                do {
                    try await services.previewStampedDelivery(
                        assetID: item.id, library: library, patronID: patron, patronName: name,
                        ttlDays: min(ttlDays ?? DeliveryLimits.defaultTTLDays, decision.limits.deliveryTTLDays ?? Int.max),
                        maxDownloads: min(maxDownloads ?? DeliveryLimits.defaultMaxDownloads, decision.limits.deliveryMaxDownloads ?? Int.max),
                        stamp: stamp, output: preview)
                } catch let error as GatewayError {
                    throw CommandFailure(error.message)
                }
                if let preview {
                    print("\(preview): the copy '\(patron)' would get (stamp: \(stamp)); no delivery was made")
                    return
                }
            }
            do {
                let created = try await services.deliveries.create(
                    NewDelivery(library: library, assetID: item.id, patron: Patron(id: patron, name: name), ttlDays: ttlDays, maxDownloads: maxDownloads),
                    caps: DeliveryCaps(maxTTLDays: decision.limits.deliveryTTLDays, maxDownloads: decision.limits.deliveryMaxDownloads))
                print(services.linkBaseURL + created.linkPath)
            } catch let error as DeliveryError {
                throw CommandFailure(error.message)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List deliveries, newest first: id, library, item, patron, state, downloads used/allowed, expiry.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this library's deliveries.") var library: String?
        @Option(help: "At most this many (1–1000).") var limit = 100

        func run() async throws {
            let services = try await options.openServices()
            let now = Date()
            let iso = ISO8601DateFormatter()
            for delivery in try await services.deliveries.list(library: library, limit: limit) {
                print([
                    delivery.id, delivery.library, delivery.assetID, delivery.patronID, delivery.state(at: now).rawValue,
                    "\(delivery.downloadsUsed)/\(delivery.maxDownloads)", iso.string(from: delivery.expiresAt),
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a delivery by id: its link answers 410 from the next request on.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Delivery id (see deliveries list).") var id: String

        func run() async throws {
            let services = try await options.openServices()
            guard try await services.deliveries.revoke(id: id) != nil else { throw CommandFailure("no delivery with id '\(id)'") }
        }
    }
}
