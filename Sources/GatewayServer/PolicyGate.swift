public import Access
public import AssetStore
import Audit
public import Foundation
import Hummingbird
import Synchronization

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
            services.metrics.recordDenial(reason: decision.reasonCode)
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

    /// Records an allowed delivery once its body has been written, with the bytes actually sent (fewer than the
    /// length when the client hung up; none for HEAD, 304 and 412), and ends its stream lease.
    static func recordServed(
        _ services: GatewayServices, identity: Identity, action: PolicyAction, asset: Asset, decision: PolicyDecision,
        response: Response, request: Request, client: IPAddress?, lease: QuotaGate.Lease? = nil
    ) -> Response {
        var response = response
        let status = Int(response.status.code)
        let userAgent = request.headers[.userAgent]
        // Once, when the body has been written — or, if it never is (the client went away before the head was
        // written), when the response is dropped: the stream slot is given back and the request still recorded.
        let completion = ServedCompletion { bytes in
            lease?.end()
            record(services, identity: identity, action: action, asset: asset, decision: decision, status: status,
                bytes: Int64(bytes), client: client, userAgent: userAgent)
        }
        response.body = response.body.observed { bytes, _ in completion.complete(bytes: bytes) }
        return response
    }
}

/// Work that must run exactly once after a response: with the bytes written when its body ends, or with none when
/// the response goes away unwritten.
final class ServedCompletion: Sendable {
    private let work: Mutex<(@Sendable (Int) -> Void)?>

    init(_ work: @escaping @Sendable (Int) -> Void) {
        self.work = Mutex(work)
    }

    func complete(bytes: Int) {
        let pending = work.withLock { work -> (@Sendable (Int) -> Void)? in
            defer { work = nil }
            return work
        }
        pending?(bytes)
    }

    deinit { complete(bytes: 0) }
}

extension PolicyAsset {
    /// The policy attributes of a catalog entry at `date` (embargo in force or not).
    public init(_ asset: Asset, at date: Date) {
        self.init(
            id: asset.id, collection: asset.collection, ownerLibrary: asset.ownerLibrary, rights: asset.rights.rawValue,
            mediaKind: asset.mediaKind.rawValue, embargoed: asset.isEmbargoed(at: date))
    }
}
