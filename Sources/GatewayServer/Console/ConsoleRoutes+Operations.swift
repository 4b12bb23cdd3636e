import AdminConsole
import Audit
import LRUCache
import Transcoding
import Foundation
import Logging
import HTTPTypes
import Hummingbird

extension ConsoleRoutes {
    /// `GET /admin/operations`: transcode jobs with progress, cache tiers, today's quota refusals, keys.
    @Sendable func operations(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        try requireAdministrator(console)
        return try await operationsPage(console, newKey: nil, notice: nil)
    }

    func operationsPage(_ console: ConsoleRequest, newKey: String?, notice: String?) async throws -> Response {
        let jobs = services.media.queue.jobs().map { job -> [String: Any] in
            [
                "key": job.key, "state": console.word(job.progress.state == .running ? "running" : "active"),
                "percent": Int((job.progress.fraction * 100).rounded()),
            ]
        }
        func ratio(_ hits: Int, _ misses: Int) -> String {
            hits + misses == 0 ? "–" : String(format: "%.1f %%", 100 * Double(hits) / Double(hits + misses))
        }
        var tiers: [[String: Any]] = []
        if let memory = services.responder.body.blocks?.blocks.statistics {
            tiers.append([
                "label": console.word("memory"), "size": memory.currentBytes, "capacity": services.configuration.cacheMemoryBytes,
                "hits": memory.hits, "misses": memory.misses, "ratio": ratio(memory.hits, memory.misses),
            ])
        }
        let disk = services.media.cache.statistics
        tiers.append([
            "label": console.word("disk"), "size": disk.currentBytes, "capacity": services.configuration.cacheDiskBytes,
            "hits": disk.hits, "misses": disk.misses, "ratio": ratio(disk.hits, disk.misses),
        ])
        let calendar = ReportCalendar(timeZone: services.configuration.reportTimeZone)
        let today = Date()
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = services.configuration.reportTimeZone
        let tomorrow = gregorian.date(byAdding: .day, value: 1, to: gregorian.startOfDay(for: today)) ?? today
        let keys: [APIKey]
        let summary: UsageSummary
        do {
            summary = try await services.usage.summary(
                fromDay: calendar.dayKey(today), toDay: calendar.dayKey(tomorrow), library: nil, topItems: 0, collections: false)
            keys = try await services.apiKeys.list()
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        var values: [String: Any] = [
            "jobs": jobs, "hasJobs": !jobs.isEmpty, "tiers": tiers,
            "quotaRefusals": summary.refusals.filter { $0.status == 429 }.reduce(0) { $0 + $1.requests },
            "keys": keys.map { key -> [String: Any] in
                [
                    "id": key.id, "kind": console.word(key.kind == .admin ? "networkAdmin" : "libraryKey"),
                    "library": key.library ?? "", "created": time(key.createdAt) ?? "", "revoked": time(key.revokedAt) ?? "",
                    "live": key.revokedAt == nil,
                ]
            },
        ]
        if let newKey { values["newKey"] = newKey }
        if let notice { values["notice"] = notice }
        return page(.operations, console: console, title: console.word("operations"), section: .operations, values: values)
    }

    /// `POST /admin/keys` (`csrf`, `library` or `admin=1`): makes a key and shows its secret once.
    @Sendable func createKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        try requireAdministrator(console)
        let form = try await checkedForm(request, console: console)
        let admin = form["admin"] == "1"
        let library = (form["library"] ?? "").trimmingCharacters(in: .whitespaces)
        guard admin || Self.isLibraryCode(library) else {
            throw ConsoleAnswer(message(console, .badRequest, "\(console.word("libraryCode")): '\(library)'", back: "/admin/operations"))
        }
        let token: String
        do {
            token = try await services.apiKeys.add(kind: admin ? .admin : .library, library: admin ? nil : library)
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        services.logger.notice(
            "key made in the console", metadata: ["by": "\(console.session?.key.id ?? "")", "library": "\(admin ? "-" : library)"])
        return try await operationsPage(console, newKey: token, notice: nil)
    }

    /// `POST /admin/keys/{id}/revoke` (`csrf`).
    @Sendable func revokeKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        try requireAdministrator(console)
        _ = try await checkedForm(request, console: console)
        let id = context.parameters.get("id") ?? ""
        let revoked: Bool
        do {
            revoked = try await services.apiKeys.revoke(id: id)
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        guard revoked else { throw ConsoleAnswer(message(console, .notFound, console.word("notFound"), back: "/admin/operations")) }
        services.logger.notice("key revoked in the console", metadata: ["key": "\(id)", "by": "\(console.session?.key.id ?? "")"])
        return try await operationsPage(console, newKey: nil, notice: console.word("keyRevoked") + " " + id)
    }

    /// A library code as keys and policies name libraries: letters, digits, `-` and `_`, at most 64.
    static func isLibraryCode(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
