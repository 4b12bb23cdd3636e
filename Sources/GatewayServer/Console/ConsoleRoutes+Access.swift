import Access
import AdminConsole
import AssetStore
import Foundation
import Logging
import HTTPTypes
import Hummingbird

extension ConsoleRoutes {
    /// Throws the 403 page unless the session is an administrator's (access and operations concern the network).
    func requireAdministrator(_ console: ConsoleRequest) throws {
        guard console.session?.key.kind == .admin else { throw ConsoleAnswer(message(console, .forbidden, console.word("forbidden"))) }
    }

    /// `GET /admin/access[?subject=&kind=&library=&asset=&action=&ip=&explain=1]`: the policy files in force (rule
    /// counts, digest, last reload, the errors of a refused edit) and the explain form with its answer.
    @Sendable func access(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        try requireAdministrator(console)
        let engine = services.policies.engine
        let status = services.policies.status
        let counts = Dictionary(grouping: engine.policySet.rules, by: { $0.source?.file ?? "" }).mapValues(\.count)
        let reloads = services.policies.reloadCounts
        var values: [String: Any] = [
            "files": engine.policySet.files.map { file -> [String: Any] in
                let name = (file as NSString).lastPathComponent
                return ["name": name, "rules": counts[file] ?? counts[name] ?? 0]
            },
            "digest": services.policies.digest, "lastReload": time(status.loadedAt) ?? "",
            "reloadsSucceeded": reloads.succeeded, "reloadsFailed": reloads.failed,
            "errors": status.lastErrors, "hasErrors": !status.lastErrors.isEmpty,
        ]
        let query = console.query
        let kind = query["kind"].flatMap { PolicySubject.Kind(rawValue: $0) } ?? .patron
        let action = query["action"].flatMap { PolicyAction(rawValue: $0) } ?? .download
        values["form"] = [
            "subject": query["subject"] ?? "", "library": query["library"] ?? "", "asset": query["asset"] ?? "",
            "ip": query["ip"] ?? "",
        ]
        values["kinds"] = [PolicySubject.Kind.patron, .library, .anonymous].map {
            ["value": $0.rawValue, "label": console.word($0 == .patron ? "patron" : $0 == .library ? "libraryKind" : "anyState"), "selected": $0 == kind]
        }
        values["actions"] = [PolicyAction.read, .download, .stream, .deliver].map {
            ["value": $0.rawValue, "label": console.word($0.rawValue), "selected": $0 == action]
        }
        if query["explain"] != nil {
            values["explanation"] = try await explanation(console, kind: kind, action: action)
        }
        return page(.access, console: console, title: console.word("access"), section: .access, values: values)
    }

    /// The explain form's answer: the decision and every rule considered (as `GET /admin/explain` gives it).
    func explanation(_ console: ConsoleRequest, kind: PolicySubject.Kind, action: PolicyAction) async throws -> [String: Any] {
        let query = console.query
        let assetID = (query["asset"] ?? "").trimmingCharacters(in: .whitespaces)
        guard AssetID.isWellFormed(assetID) else { throw ConsoleAnswer(message(console, .badRequest, "\(console.word("item")): '\(assetID)'", back: "/admin/access")) }
        var address: IPAddress?
        if let ip = query["ip"]?.trimmingCharacters(in: .whitespaces), !ip.isEmpty {
            guard let parsed = IPAddress(ip) else {
                throw ConsoleAnswer(message(console, .badRequest, "\(console.word("ipAddress")): '\(ip)'", back: "/admin/access"))
            }
            address = parsed
        }
        guard let asset = try await services.asset(id: assetID) else {
            throw ConsoleAnswer(message(console, .notFound, console.word("notFound") + " (\(assetID))", back: "/admin/access"))
        }
        let subject = (query["subject"] ?? "").trimmingCharacters(in: .whitespaces)
        let library = query["library"].flatMap { $0.isEmpty ? nil : $0 } ?? (kind == .library ? subject : nil)
        let explanation = services.policies.engine.explain(
            PolicyRequest(
                action: action, subject: PolicySubject(kind: kind, id: subject.isEmpty ? "anonymous" : subject, library: library),
                asset: PolicyAsset(asset, at: Date()), clientAddress: address))
        let decision = explanation.decision
        return [
            "decisionLabel": console.word(decision.allowed ? "allowed" : "denied"),
            "decisionClass": decision.allowed ? "allow" : "deny",
            "decidingRule": decision.ruleID ?? console.word("noRule"), "limits": decision.limits.description,
            "rules": explanation.rules.map { rule -> [String: Any] in
                [
                    "id": rule.ruleID, "effect": rule.effect.rawValue, "source": rule.source?.description ?? "",
                    "matchClass": rule.matched ? "matched" : "unmatched",
                    "matchLabel": console.word(rule.matched ? "matched" : "notMatched"), "reason": rule.reason,
                ]
            },
        ]
    }
}
