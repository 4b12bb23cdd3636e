public import Access
public import AssetStore
import Audit
public import Foundation
import Hummingbird

/// Puts every request that serves bytes through the policy in force. Patrons see only a reason code; the rule id
/// is for administrators (`gateway policy explain`).
enum PolicyGate {
    static func request(subject: PolicySubject, action: PolicyAction, asset: Asset, client: IPAddress?) -> PolicyRequest {
        PolicyRequest(
            action: action, subject: subject,
            asset: PolicyAsset(asset, at: Date()),
            clientAddress: client)
    }

    /// Throws 403 `denied_by_policy` (or `no_matching_rule`) unless the policy allows `action`.
    static func check(_ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, client: IPAddress?)
        throws -> PolicyDecision
    {
        let decision = services.policies.engine.decide(
            request(subject: identity.policySubject, action: action, asset: asset, client: client))
        guard decision.allowed else {
            record(services, identity: identity, action: action, asset: asset, decision: decision, status: 403, bytes: 0,
                client: client, userAgent: nil)
            throw GatewayError(.forbidden, code: decision.reasonCode,
                message: "Your library's access rules do not allow this use of the item. Ask your library for help.")
        }
        return decision
    }
}

extension PolicyGate {
    /// Appends one audit record for a decision that served or refused bytes.
    static func record(
        _ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        status: Int, bytes: Int64, client: IPAddress?, userAgent: String?
    ) {
        let subject = identity.policySubject
        services.audit.append(
            AuditRecord(
                time: Date(), subject: subject.id ?? subject.kind.rawValue, library: subject.library ?? "-",
                assetID: asset.id, collection: asset.collection, action: action.rawValue,
                decision: decision.allowed ? "allow" : "deny", ruleID: decision.ruleID, status: status, bytesSent: bytes,
                clientAddress: client?.description ?? "-", userAgent: userAgent ?? "-"))
    }

    /// Records an allowed delivery with the status and the byte count the response carries.
    static func recordServed(
        _ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        response: Response, request: Request, client: IPAddress?
    ) -> Response {
        // 304 and 412 send no bytes; HEAD sends none either.
        let bytes = request.method == .head ? 0 : Int64(response.headers[.contentLength] ?? "0") ?? 0
        record(services, identity: identity, action: action, asset: asset, decision: decision,
            status: Int(response.status.code), bytes: response.status == .ok || response.status == .partialContent ? bytes : 0,
            client: client, userAgent: request.headers[.userAgent])
        return response
    }
}

extension PolicyAsset {
    /// The policy attributes of a catalog entry at `date` (embargo in force or not).
    public init(_ asset: Asset, at date: Date) {
        self.init(
            id: asset.id, collection: asset.collection, ownerLibrary: asset.ownerLibrary, rights: asset.rights.rawValue,
            mediaKind: asset.mediaKind.rawValue, embargoed: asset.isEmbargoed(at: date))
    }
}
