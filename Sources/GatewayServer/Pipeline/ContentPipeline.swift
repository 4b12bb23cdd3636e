import Access
import AssetStore
import Audit
import Foundation
import HTTPRanges
import Hummingbird

/// The one way to an item: **identify → resolve → decide → limit → plan → respond → record**.
///
/// Every way in uses it: the router's routes for originals, renditions, HLS and deliveries through
/// ``admit(_:context:assetID:use:)`` (or ``authorize(_:asset:use:request:client:)`` once a delivery link has named its
/// caller), then ``limit(_:request:countsAsDownload:)`` and ``serve(_:lease:request:path:representation:contentDisposition:)``;
/// the sendfile fast path through ``decide(_:)`` and the same response plan and record. The access decision is made
/// in ``decide(_:)`` and nowhere else — the use against the caller's credentials, the policy in force, then every
/// ``ContentRule`` — so a rule added there holds on every path by construction.
final class ContentPipeline: Sendable {
    let services: GatewayServices
    let authenticator: LinkAuthenticator

    init(services: GatewayServices) {
        self.services = services
        authenticator = LinkAuthenticator(keyRing: services.keyRing, apiKeys: services.apiKeys)
    }

    /// What is decided: who, for what use, of which item, from where, when.
    struct Question: Sendable {
        var identity: Identity
        var use: ContentUse
        var asset: Asset
        var client: IPAddress?
        var now: Date
    }

    /// A request admitted so far: its caller, item, the action it was judged as and the policy's decision (limits).
    struct Admission: Sendable {
        var identity: Identity
        var asset: Asset
        var action: PolicyAction
        var decision: PolicyDecision
        var client: IPAddress?
    }

    // MARK: decide (the one access decision)

    /// Decides `question`: the use must be within the caller's credentials, the policy must allow it (the first of
    /// its actions allowed), and no ``ContentRule`` may refuse it. Pure over values in memory; never blocks.
    func decide(_ question: Question) -> AccessDecision {
        let actions: [PolicyAction]
        switch question.use.actions(for: question.identity) {
        case .failure(let refusal): return .refused(refusal, recorded: nil)
        case .success(let allowed): actions = allowed
        }
        let subject = question.identity.policySubject
        let engine = services.policies.engine
        var first: PolicyDecision?
        var allowed: (PolicyAction, PolicyDecision)?
        for action in actions {
            let decision = engine.decide(
                PolicyRequest(
                    action: action, subject: subject, asset: PolicyAsset(question.asset, at: question.now),
                    clientAddress: question.client))
            if first == nil { first = decision }
            if decision.allowed {
                allowed = (action, decision)
                break
            }
        }
        guard let (action, decision) = allowed else {
            let refused = first ?? PolicyDecision(allowed: false, ruleID: nil, limits: PolicyLimits(), reason: .noMatchingRule)
            return .refused(.policy(refused.reasonCode), recorded: refused)
        }
        let asked = ContentQuestion(subject: subject, action: action, asset: question.asset, client: question.client, now: question.now)
        for rule in services.rules {
            if let refusal = rule.refusal(for: asked) {
                var recorded = decision
                recorded.allowed = false
                recorded.reason = .deniedByPolicy
                recorded.ruleID = "rule:" + rule.name
                return .refused(refusal, recorded: recorded)
            }
        }
        return .allowed(decision)
    }

    /// The action `use` is judged as for `identity` (its first, for audit records of refusals made before a policy
    /// decision).
    func action(_ use: ContentUse, _ identity: Identity) -> PolicyAction {
        (try? use.actions(for: identity).get().first) ?? .read
    }

    // MARK: identify, resolve, decide — for routes

    /// Steps one to three for a route: the caller (bearer key or signed link for `assetID`), the item (404), the
    /// decision (403; refusals are recorded and counted).
    func admit(_ request: Request, context: GatewayRequestContext, assetID: String, use: ContentUse) async throws -> Admission {
        // Authenticate before the lookup, so unknown and forbidden ids cannot be told apart by strangers.
        let identity = try await authenticator.identify(request, context: context, assetID: assetID)
        guard let asset = try await services.asset(id: assetID) else { throw GatewayError.notFound() }
        return try authorize(identity, asset: asset, use: use, request: request, client: context.clientAddress)
    }

    /// Step three for a caller already identified: the decision, recorded and thrown as 403 when refused (metadata
    /// refusals are answered but not recorded: no bytes were asked for).
    func authorize(_ identity: Identity, asset: Asset, use: ContentUse, request: Request, client: IPAddress?) throws -> Admission {
        switch decide(Question(identity: identity, use: use, asset: asset, client: client, now: Date())) {
        case .allowed(let decision):
            return Admission(identity: identity, asset: asset, action: action(use, identity), decision: decision, client: client)
        case .refused(let refusal, let recorded):
            if let recorded {
                services.metrics.recordDenial(reason: recorded.reasonCode)
                if use != .metadata {
                    record(identity: identity, action: action(use, identity), asset: asset, decision: recorded,
                        status: Int(refusal.status.code), bytes: 0, client: client, userAgent: request.headers[.userAgent])
                }
            }
            throw GatewayError(refusal.status, code: refusal.code, message: refusal.message)
        }
    }

    // MARK: limit

    /// Step four: `downloads_per_day` and `concurrent_streams` (429 with `Retry-After`, recorded). The lease, if any,
    /// must go to ``serve(_:lease:request:path:representation:contentDisposition:)``.
    func limit(_ admission: Admission, request: Request, countsAsDownload: Bool) async throws -> QuotaGate.Lease? {
        try await services.quotas.admit(
            services, request: request, identity: admission.identity, action: admission.action, asset: admission.asset,
            decision: admission.decision, client: admission.client, countsAsDownload: countsAsDownload)
    }

    /// Step four asked before work is started for a response (a transcode): throws the 429 ``limit(_:request:countsAsDownload:)``
    /// would, counting nothing.
    func checkLimits(_ admission: Admission, request: Request, countsAsDownload: Bool) async throws {
        try await services.quotas.check(
            services, request: request, identity: admission.identity, action: admission.action, asset: admission.asset,
            decision: admission.decision, client: admission.client, countsAsDownload: countsAsDownload)
    }

    // MARK: plan, respond, record

    /// Steps five to seven: the response planned from the request's range and conditional headers, its body
    /// streamed from `path`, and its record (with the bytes really sent) written once the body ends.
    func serve(
        _ admission: Admission, lease: QuotaGate.Lease?, request: Request, source: BlobSource, representation: Representation,
        contentDisposition: String
    ) -> Response {
        let response = services.responder.respond(
            to: request, source: source, representation: representation, contentDisposition: contentDisposition)
        return recordServed(admission, response: response, request: request, lease: lease)
    }
}
