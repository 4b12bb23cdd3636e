import Access
import AssetStore
import Audit
import Foundation
import Hummingbird
import NIOCore

/// Administrator endpoints (admin bearer key): policy explain and reload.
struct AdminRoutes: Sendable {
    let services: GatewayServices
    let authenticator: LinkAuthenticator

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/admin/explain", use: explain)
        router.post("/admin/policies/reload", use: reload)
        router.get("/admin/stats", use: stats)
    }

    /// `GET /admin/stats?from=2026-11-01&to=2026-11-30&by=library|collection|day|action&format=json|csv[&library=L]`.
    @Sendable func stats(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticator.requireAdmin(request)
        let query = request.uri.queryParameters
        guard let by = StatisticsGrouping(rawValue: query["by"].map(String.init) ?? "library") else {
            throw GatewayError.badRequest("invalid_grouping", "by must be library, collection, day or action.")
        }
        let format = query["format"].map(String.init) ?? "json"
        guard format == "json" || format == "csv" else { throw GatewayError.badRequest("invalid_format", "format must be json or csv.") }
        let period: (from: Date, to: Date)
        do {
            period = try UsagePeriod.parse(
                from: query["from"].map(String.init) ?? "", to: query["to"].map(String.init) ?? "",
                timeZone: services.configuration.timeZone)
        } catch let error as ConfigurationError {
            throw GatewayError.badRequest("invalid_period", error.description)
        }
        let library = query["library"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let rows = try await services.usage.statistics(
            from: period.from, to: period.to, by: by, timeZone: services.configuration.reportTimeZone, library: library)
        var headers = HTTPFields()
        let body: String
        if format == "csv" {
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"usage-\(by.rawValue).csv\""
            body = UsageReport.csv(rows, by: by)
        } else {
            headers[.contentType] = "application/json; charset=utf-8"
            body = UsageReport.json(rows, from: period.from, to: period.to, by: by)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `GET /admin/explain?asset=&subject=&library=&kind=&action=&ip=`: the decision and every rule considered.
    @Sendable func explain(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticator.requireAdmin(request)
        let query = request.uri.queryParameters
        let assetID = query["asset"].map(String.init) ?? ""
        guard AssetID.isWellFormed(assetID) else { throw GatewayError.badRequest("invalid_asset_id", "Give ?asset=ID.") }
        guard let action = query["action"].flatMap({ PolicyAction(rawValue: String($0)) }) else {
            throw GatewayError.badRequest("invalid_action", "Give ?action=read|download|stream|deliver.")
        }
        let kind = query["kind"].flatMap { PolicySubject.Kind(rawValue: String($0)) } ?? .patron
        let subject = query["subject"].map(String.init) ?? "anonymous"
        let library = query["library"].map(String.init) ?? (kind == .library ? subject : nil)
        var address: IPAddress?
        if let ip = query["ip"] {
            guard let parsed = IPAddress(ip) else { throw GatewayError.badRequest("invalid_ip", "'\(ip)' is not an address.") }
            address = parsed
        }
        guard let asset = try await services.asset(id: assetID) else { throw GatewayError.notFound("No asset '\(assetID)'.") }
        let policyRequest = PolicyRequest(
            action: action, subject: PolicySubject(kind: kind, id: subject, library: library),
            asset: PolicyAsset(asset, at: Date()), clientAddress: address)
        let explanation = services.policies.engine.explain(policyRequest)
        return try ExplanationBody(explanation).jsonResponse(request: request, context: context)
    }

    /// `POST /admin/policies/reload`: 200 when the files load; 422 with every `file:line:column` error otherwise
    /// (the last good set stays in force).
    @Sendable func reload(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticator.requireAdmin(request)
        let errors = services.policies.reload()
        guard errors.isEmpty else {
            var refusal = GatewayError(
                .unprocessableContent, code: "policy_errors",
                message: "The policy files have errors; the last good policy set stays in force.")
            refusal.details = errors
            throw refusal
        }
        return try ReloadBody().jsonResponse(request: request, context: context)
    }
}
