import Access
import AssetStore
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
        let policyRequest = PolicyGate.request(
            subject: PolicySubject(kind: kind, id: subject, library: library), action: action, asset: asset, client: address)
        let explanation = services.policies.engine.explain(policyRequest)
        var rules = [String]()
        for evaluation in explanation.rules {
            rules.append(
                #"{"rule":"\#(JSONText.escape(evaluation.ruleID))","matched":\#(evaluation.matched),"reason":"\#(JSONText.escape(evaluation.reason))"}"#)
        }
        let decision = explanation.decision
        let body = #"{"allowed":\#(decision.allowed),"rule":\#(decision.ruleID.map { "\"\(JSONText.escape($0))\"" } ?? "null"),"reason":"\#(decision.reasonCode)","rules":[\#(rules.joined(separator: ","))],"text":"\#(JSONText.escape(explanation.description))"}"# + "\n"
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `POST /admin/policies/reload`: 200 when the files load; 422 with every `file:line:column` error otherwise
    /// (the last good set stays in force).
    @Sendable func reload(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticator.requireAdmin(request)
        let errors = services.policies.reload()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let list = errors.map { "\"\(JSONText.escape($0))\"" }.joined(separator: ",")
        if errors.isEmpty {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"reloaded":true,"errors":[]}"# + "\n")))
        }
        let body = #"{"error":{"code":"policy_errors","message":"The policy files have errors; the last good policy set stays in force."},"errors":[\#(list)]}"# + "\n"
        return Response(status: .unprocessableContent, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
