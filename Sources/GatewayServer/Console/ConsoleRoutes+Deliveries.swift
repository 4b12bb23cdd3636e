import AdminConsole
import Delivery
import Foundation
import Logging
import HTTPTypes
import Hummingbird

extension ConsoleRoutes {
    /// The deliveries one session may see: a library key its own library's (whatever `library` it asks for, which it
    /// may not name as another), an administrator any or those of `library`.
    func deliveryScope(_ console: ConsoleRequest, asked: String?) throws -> String? {
        let session = console.session!
        let asked = asked.flatMap { $0.isEmpty ? nil : $0 }
        if session.key.kind == .admin { return asked }
        guard asked == nil || asked == session.key.library else { throw ConsoleAnswer(message(console, .forbidden, console.word("forbidden"))) }
        return session.key.library
    }

    /// One delivery as the table and the confirmation show it.
    func deliveryValues(_ delivery: Delivery, console: ConsoleRequest, now: Date) -> [String: Any] {
        let state = delivery.state(at: now)
        return [
            "id": delivery.id, "library": delivery.library, "patron": delivery.patronID, "asset": delivery.assetID,
            "state": state.rawValue, "stateLabel": console.word(state.rawValue), "used": delivery.downloadsUsed,
            "allowed": delivery.maxDownloads, "lastAccess": time(delivery.lastAccessAt) ?? console.word("never"),
            "expires": time(delivery.expiresAt) ?? "", "revocable": state != .revoked,
        ]
    }

    /// `GET /admin/deliveries?library=&reader=&item=&state=`: search, newest first.
    @Sendable func deliveries(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let library = try deliveryScope(console, asked: console.query["library"])
        func field(_ name: String) -> String? {
            console.query[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let stateName = field("state")
        let state = stateName.flatMap(DeliveryState.init(rawValue:))
        if stateName != nil, state == nil { return message(console, .badRequest, console.word("state") + ": \(stateName ?? "")") }
        let now = Date()
        let found: [Delivery]
        do {
            found = try await services.deliveries.search(
                DeliverySearch(library: library, patron: field("reader"), asset: field("item"), state: state, now: now), limit: 200)
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        var values: [String: Any] = [
            "isAdmin": console.session?.key.kind == .admin, "library": console.query["library"] ?? "",
            "reader": field("reader") ?? "", "item": field("item") ?? "",
            "states": [["value": "", "label": console.word("anyState"), "selected": state == nil]]
                + DeliveryState.allCases.map { ["value": $0.rawValue, "label": console.word($0.rawValue), "selected": $0 == state] },
            "deliveries": found.map { deliveryValues($0, console: console, now: now) }, "hasDeliveries": !found.isEmpty,
        ]
        if let revoked = console.query["revoked"] { values["notice"] = console.word("revokeDone") + " " + revoked }
        return page(.deliveries, console: console, title: console.word("deliveries"), section: .deliveries, values: values)
    }

    /// The delivery `id` if this session may see it, else the 404 answer (another library's delivery is not
    /// revealed to exist: the API answers the same).
    func visibleDelivery(_ id: String, console: ConsoleRequest) async throws -> Delivery {
        let session = console.session!
        let library = session.key.kind == .admin ? nil : session.key.library
        let delivery: Delivery?
        do {
            delivery = try await services.deliveries.delivery(id: id, library: library)
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        guard let delivery else {
            // A library key naming another library's delivery: refused, as the API refuses it.
            let exists = library != nil ? ((try? await services.deliveries.delivery(id: id, library: nil)) ?? nil) != nil : false
            throw ConsoleAnswer(message(console, exists ? .forbidden : .notFound, console.word(exists ? "forbidden" : "notFound"), back: "/admin/deliveries"))
        }
        return delivery
    }

    /// `GET /admin/deliveries/{id}/revoke`: what is about to be revoked, and the button that does it.
    @Sendable func confirmRevoke(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let delivery = try await visibleDelivery(context.parameters.get("id") ?? "", console: console)
        return page(
            .revoke, console: console, title: console.word("revokeTitle"), section: .deliveries,
            values: ["delivery": deliveryValues(delivery, console: console, now: Date())])
    }

    /// `POST /admin/deliveries/{id}/revoke` (`csrf`): revokes; the reader's link answers 410 from now on.
    @Sendable func revoke(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        _ = try await checkedForm(request, console: console)
        let id = context.parameters.get("id") ?? ""
        _ = try await visibleDelivery(id, console: console)
        let session = console.session!
        let revoked: Delivery?
        do {
            revoked = try await services.deliveries.revoke(id: id, library: session.key.kind == .admin ? nil : session.key.library, now: Date())
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        if let revoked { services.deliveryWindows.forget(deliveryID: revoked.id) }
        services.logger.notice("delivery revoked in the console", metadata: ["delivery": "\(id)", "key": "\(session.key.id)"])
        return Self.redirect("/admin/deliveries?revoked=" + Self.queryEscaped(id))
    }
}
