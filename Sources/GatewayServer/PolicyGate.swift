import Access
import AssetStore
import Foundation
import Hummingbird

/// Puts every request that serves bytes through the policy in force. Patrons see only a reason code; the rule id
/// is for administrators (`gateway policy explain`).
enum PolicyGate {
    static func request(subject: PolicySubject, action: PolicyAction, asset: Asset, client: IPAddress?) -> PolicyRequest {
        PolicyRequest(
            action: action, subject: subject,
            asset: PolicyAsset(
                id: asset.id, collection: asset.collection, ownerLibrary: asset.ownerLibrary,
                rights: asset.rights.rawValue, mediaKind: asset.mediaKind.rawValue,
                embargoed: asset.isEmbargoed(at: Date())),
            clientAddress: client)
    }

    /// Throws 403 `denied_by_policy` (or `no_matching_rule`) unless the policy allows `action`.
    static func check(_ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, client: IPAddress?)
        throws -> PolicyDecision
    {
        let decision = services.policies.engine.decide(
            request(subject: identity.policySubject, action: action, asset: asset, client: client))
        guard decision.allowed else {
            throw GatewayError(.forbidden, code: decision.reasonCode,
                message: "Your library's access rules do not allow this use of the item. Ask your library for help.")
        }
        return decision
    }
}
