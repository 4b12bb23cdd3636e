import Access
import AssetStore
import Audit
import Foundation
import Hummingbird

extension ContentPipeline {
    /// The record step: one audit record of a decision that served or refused bytes (gathered into its session by
    /// ``UsageSessions``).
    func record(
        identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision, status: Int, bytes: Int64,
        client: IPAddress?, clientText: String? = nil, userAgent: String?
    ) {
        Self.record(
            services, identity: identity, action: action, asset: asset, decision: decision, status: status, bytes: bytes,
            client: client, clientText: clientText, userAgent: userAgent)
    }

    /// ``record(identity:action:asset:decision:status:bytes:client:clientText:userAgent:)`` for callers holding the
    /// services only (the quota step, the fast path).
    static func record(
        _ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        status: Int, bytes: Int64, client: IPAddress?, clientText: String? = nil, userAgent: String?
    ) {
        guard services.configuration.auditEnabled else { return }
        let subject = identity.policySubject
        let subjectLabel: String
        if case .delivery(let id, _) = identity { subjectLabel = "delivery:" + id } else { subjectLabel = subject.id ?? subject.kind.rawValue }
        services.usage.record(
            AuditRecord(
                time: Date(), subject: subjectLabel, library: subject.library ?? "-",
                assetID: asset.id, collection: asset.collection, action: action.rawValue,
                decision: decision.allowed ? "allow" : "deny", ruleID: decision.ruleID, status: status, bytesSent: bytes,
                clientAddress: clientText ?? client?.description ?? "-", userAgent: userAgent ?? "-"))
    }

    /// Records an allowed response once its body has been written, with the bytes actually sent (fewer than the
    /// length when the client hung up; none for HEAD, 304 and 412), and ends its stream lease.
    func recordServed(_ admission: Admission, response: Response, request: Request, lease: QuotaGate.Lease?) -> Response {
        var response = response
        let status = Int(response.status.code)
        let userAgent = request.headers[.userAgent]
        let services = self.services
        // Once, when the body has been written — or, if it never is (the client went away before the head was
        // written), when the response is dropped: the stream slot is given back and the request still recorded.
        let completion = ServedCompletion { bytes in
            lease?.end()
            Self.record(
                services, identity: admission.identity, action: admission.action, asset: admission.asset,
                decision: admission.decision, status: status, bytes: Int64(bytes), client: admission.client,
                userAgent: userAgent)
        }
        response.body = response.body.observed { bytes, _ in completion.complete(bytes: bytes) }
        return response
    }
}
