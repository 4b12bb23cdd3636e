import Access
import AssetStore
import Delivery
import Foundation
import HTTPRanges
import LRUCache
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTP1

/// The hot path of range serving, answered on the event loop with `sendfile`: a `GET` or `HEAD` of
/// `/assets/{id}/content` carrying a valid signed link, or of `/d/{token}/content` inside a download window this node
/// has recorded (delivery row read within the last second), for an item whose catalog row and open descriptor are
/// already in memory, allowed by the policy without quota limits, that needs a single range, the whole file or a 304.
///
/// It decides exactly as the route does — the same link verification, the same policy engine, the same response
/// plan and headers — and records the same audit record and metrics, but writes the head (rendered once per item and
/// connection, see ``PreparedContent``) and a `FileRegion` straight to the socket: no task, no body buffer, no copy
/// through user space. Everything else (bearer keys, errors,
/// refusals, quotas, multipart ranges, 412/416, the first request for an item) goes to the Hummingbird router.
/// A class: each connection's handler and every response's completion hold it, without copying what it holds.
final class ContentFastPath: Sendable {
    let services: GatewayServices
    /// The pipeline every way in decides through: the fast path answers only what its ``ContentPipeline/decide(_:)``
    /// allows without limits, and leaves everything else to the router.
    let pipeline: ContentPipeline
    let verifier: LinkVerifier

    /// Allocates rendered response heads (NIO's default allocator, as every channel here uses).
    static let allocator = ByteBufferAllocator()

    init(services: GatewayServices) {
        self.services = services
        pipeline = ContentPipeline(services: services)
        let keyRing = services.keyRing
        verifier = LinkVerifier(keys: { keyRing.key(id: $0) })
    }

    /// A request the fast path answers.
    struct Admitted {
        let identity: Identity
        let action: PolicyAction
        let route: String
        let asset: Asset
        let decision: PolicyDecision
        let client: IPAddress?
        let clientText: String
        let userAgent: String?
        let isHead: Bool
        let answer: Answer
        /// Held for a body; released once it is written.
        let descriptor: OpenBlobFiles.Descriptor?
        /// A second file region sent after the first (a range of a remote blob across two warm slices), its
        /// descriptor held likewise.
        var continuation: (descriptor: OpenBlobFiles.Descriptor, range: ByteRange)? = nil
    }

    /// How the answer is written.
    enum Answer {
        /// A 200 or 206 whose head is already rendered (see ``PreparedContent``), with the bytes to send after it
        /// (nil for HEAD).
        case rendered(status: Int, head: ByteBuffer, body: ByteRange?)
        /// Anything else the fast path answers (304, an empty item), through NIO's HTTP encoder.
        case planned(ContentResponder.Planned)
    }

    /// What a connection keeps between its requests: the last verified link, the item it asked for, the date line.
    struct ConnectionState {
        var memo: LinkMemo?
        var prepared: PreparedContent?
        var clock = DateLine()
    }

    /// The `Date` header value, formatted once a second.
    struct DateLine {
        private var second: Int64 = .min
        private var text = ""

        mutating func value(at now: Date) -> String {
            let current = Int64(now.timeIntervalSince1970.rounded(.down))
            if current != second {
                second = current
                text = HTTPDate.format(now)
            }
            return text
        }
    }

    /// The link a connection used last, verified: a viewer or player asks for many ranges with the same URL on one
    /// connection, so a signature is checked once per ``LinkMemo/lifetime``, not once per range. Expiry (and, for
    /// delivery links, revocation) is still checked on every request.
    struct LinkMemo {
        static let lifetime: TimeInterval = 10
        enum Caller {
            case link(SignedLink)
            /// A delivery link: its row and download window, checked at `verifiedAt`, are checked again after
            /// ``DeliveryWindows/rowLifetime`` or as soon as a delivery is revoked through this node; expiry on every
            /// request.
            case delivery(token: String, attachment: Bool, delivery: Delivery, revocations: Int)
        }
        let uri: String
        /// The client it was verified for (behind a proxy, one upstream connection carries many clients' requests).
        let client: ClientAddress
        let caller: Caller
        let verifiedAt: Date
    }

    /// The answer to `head` if the fast path may give it, nil to pass the request to the router. `clientAddress` is
    /// the client as the router's ``ClientAddressMiddleware`` settles it; `connection` what the connection remembers
    /// between requests.
    func admit(_ head: HTTPRequestHead, client clientAddress: ClientAddress, connection: inout ConnectionState) -> Admitted? {
        guard head.method == .GET || head.method == .HEAD, head.version == .http1_1, head.isKeepAlive else { return nil }
        guard !head.headers.contains(name: "authorization"), !head.headers.contains(name: "expect") else { return nil }
        // A read declaring a body is refused by the router (``BodilessReadMiddleware``): deciding now and sending
        // once the held-back body arrived could serve a link revoked or expired meanwhile.
        guard !head.headers.contains(name: "transfer-encoding"), head.headers.first(name: "content-length").map({ $0 == "0" }) ?? true
        else { return nil }
        let client = clientAddress.address, clientText = clientAddress.description
        let now = Date()
        if let known = connection.memo, known.uri == head.uri, known.client == clientAddress,
            now.timeIntervalSince(known.verifiedAt) < LinkMemo.lifetime
        {
            switch known.caller {
            case .link(let link):
                guard Int64(now.timeIntervalSince1970) < link.expires,
                    let cached = services.assetCache.value(forKey: link.assetID)
                else { return nil }
                return plan(
                    head, identity: .patron(link), action: PolicyAction(link.action), attachment: link.action == .download,
                    route: "/assets/{id}/content", asset: cached, client: client, clientText: clientText, now: now,
                    connection: &connection)
            case .delivery(let token, let attachment, let remembered, let revocations):
                let windows = services.deliveryWindows
                var delivery = remembered
                if now.timeIntervalSince(known.verifiedAt) >= DeliveryWindows.rowLifetime || windows.revocations != revocations {
                    let count = windows.revocations
                    guard let fresh = windows.recentDelivery(token: token, now: now), Self.mayContinue(fresh, now: now),
                        windows.isOpen(deliveryID: fresh.id, client: clientText, now: now)
                    else { return nil }
                    delivery = fresh
                    connection.memo = LinkMemo(
                        uri: head.uri, client: clientAddress,
                        caller: .delivery(token: token, attachment: attachment, delivery: fresh, revocations: count),
                        verifiedAt: now)
                }
                guard Self.mayContinue(delivery, now: now), let cached = services.assetCache.value(forKey: delivery.assetID) else { return nil }
                return plan(
                    head, identity: .delivery(id: delivery.id, library: delivery.library), action: .deliver,
                    attachment: attachment, route: "/d/{token}/content", asset: cached, client: client, clientText: clientText,
                    now: now, connection: &connection)
            }
        }
        let identity: Identity, action: PolicyAction, attachment: Bool, route: String, asset: Asset
        let uri = URI(head.uri)
        let parts = uri.path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[3] == "content" else { return nil }
        switch parts[1] {
        case "assets":
            let id = String(parts[2])
            let query = uri.queryParameters.map { (String($0.key), String($0.value)) }
            guard AssetID.isWellFormed(id),
                let link = try? verifier.verify(assetID: id, query: query, clientAddress: client, now: Int64(now.timeIntervalSince1970)),
                let cached = services.assetCache.value(forKey: id)
            else { return nil }
            connection.memo = LinkMemo(uri: head.uri, client: clientAddress, caller: .link(link), verifiedAt: now)
            (identity, action, attachment, route, asset) = (.patron(link), PolicyAction(link.action), link.action == .download, "/assets/{id}/content", cached)
        case "d":
            // Only inside a download window this node recorded, on a row read within the last second: counting,
            // expiry and revocation are then exactly as the route would decide them.
            let revocations = services.deliveryWindows.revocations
            guard let delivery = services.deliveryWindows.recentDelivery(token: String(parts[2]), now: now),
                Self.mayContinue(delivery, now: now),
                services.deliveryWindows.isOpen(deliveryID: delivery.id, client: clientText, now: now),
                let cached = services.assetCache.value(forKey: delivery.assetID)
            else { return nil }
            let download = uri.queryParameters["download"] == "1"
            connection.memo = LinkMemo(
                uri: head.uri, client: clientAddress,
                caller: .delivery(token: String(parts[2]), attachment: download, delivery: delivery, revocations: revocations),
                verifiedAt: now)
            (identity, action, attachment, route, asset) = (
                .delivery(id: delivery.id, library: delivery.library), .deliver, download, "/d/{token}/content", cached
            )
        default:
            return nil
        }
        return plan(
            head, identity: identity, action: action, attachment: attachment, route: route, asset: asset, client: client,
            clientText: clientText, now: now, connection: &connection)
    }

    /// Whether a delivery link may go on being served from a window this node recorded: neither revoked nor expired
    /// (the route refuses those with 410; used up is fine inside an open window, as the route decides it too).
    static func mayContinue(_ delivery: Delivery, now: Date) -> Bool {
        switch delivery.state(at: now) {
        case .revoked, .expired: return false
        case .active, .exhausted: return true
        }
    }

    /// The rest of ``admit(_:client:connection:)`` once the caller is known: the policy, the response plan,
    /// the descriptor.
    private func plan(
        _ head: HTTPRequestHead, identity: Identity, action: PolicyAction, attachment: Bool, route: String, asset: Asset,
        client: IPAddress?, clientText: String, now: Date, connection: inout ConnectionState
    ) -> Admitted? {
        // The one access decision (ContentPipeline.decide), as every route makes it; limits need the router.
        let use: ContentUse = route == "/d/{token}/content" ? .delivered : .original
        guard case .allowed(let decision) = pipeline.decide(.init(identity: identity, use: use, asset: asset, client: client, now: now)),
            decision.limits.downloadsPerDay == nil, decision.limits.concurrentStreams == nil,
            // A PDF the policy stamps is the reader's own copy, made by the router's route.
            decision.limits.stamp.isEmpty || asset.mediaKind != .pdf
        else { return nil }
        let isHead = head.method == .HEAD
        let item: PreparedContent
        if let known = connection.prepared, known.matches(asset, attachment: attachment) {
            item = known
        } else {
            // No local path: a remote store's blob, answered here only from a warm slice (below).
            let path = services.blobs.localPath(for: asset.sha256) ?? ""
            guard !path.isEmpty || services.slices != nil else { return nil }
            item = PreparedContent(asset: asset, attachment: attachment, path: path)
            connection.prepared = item
        }
        let conditions = ConditionalHeaders(
            range: head.headers.first(name: "range"), ifRange: head.headers.first(name: "if-range"),
            ifMatch: head.headers.first(name: "if-match"), ifNoneMatch: head.headers.first(name: "if-none-match"),
            ifModifiedSince: head.headers.first(name: "if-modified-since"),
            ifUnmodifiedSince: head.headers.first(name: "if-unmodified-since"))
        // The planner the route uses decides; only multipart needs a real boundary, and multipart goes to the router.
        let body: ByteRange, isPartial: Bool
        switch ResponsePlanner.plan(isHead: isHead, headers: conditions, representation: item.representation, boundary: "gwsingle") {
        case .partial(let range):
            (body, isPartial) = (range, true)
        case .full where item.representation.length > 0:
            (body, isPartial) = (ByteRange(first: 0, last: item.representation.length - 1), false)
        case .multipart, .preconditionFailed, .rangeNotSatisfiable:
            return nil
        case .full, .notModified:
            // 304 and an empty item: the route's own headers, through the encoder.
            let planned = ContentResponder.plan(
                conditions: conditions, isHead: isHead, representation: item.representation,
                contentDisposition: item.contentDisposition)
            guard case .none = planned.bytes else { return nil }
            return Admitted(
                identity: identity, action: action, route: route, asset: asset, decision: decision, client: client,
                clientText: clientText, userAgent: head.headers.first(name: "user-agent"), isHead: isHead,
                answer: .planned(planned), descriptor: nil)
        }
        var descriptor: OpenBlobFiles.Descriptor?
        var fileRange = body
        var continuation: (descriptor: OpenBlobFiles.Descriptor, range: ByteRange)?
        if !isHead {
            var path = item.path
            if path.isEmpty {
                // A range of a remote blob within warm slices that the disk tier holds (and a response opened):
                // sendfile from the slices' files, at the offsets within them; a range across two slices is two
                // regions.
                guard let warm = services.slices?.warmSlices(asset.sha256, containing: body) else { return nil }
                (path, fileRange) = warm.first
                if let second = warm.second {
                    guard let open = services.responder.body.files.acquireIfOpen(path: second.0) else { return nil }
                    continuation = (open, second.1)
                }
            }
            guard let open = services.responder.body.files.acquireIfOpen(path: path) else {
                continuation?.descriptor.release()
                return nil
            }
            descriptor = open
        }
        let rendered = item.head(
            range: isPartial ? body : nil, count: body.count, date: connection.clock.value(at: now),
            allocator: Self.allocator)
        return Admitted(
            identity: identity, action: action, route: route, asset: asset, decision: decision, client: client,
            clientText: clientText, userAgent: head.headers.first(name: "user-agent"), isHead: isHead,
            answer: .rendered(status: isPartial ? 206 : 200, head: rendered, body: isHead ? nil : fileRange),
            descriptor: descriptor, continuation: continuation)
    }

    /// Records a fast-path response once written (`bytes` 0 when the client went away before the end).
    func finished(_ admitted: Admitted, status: Int, bytes: Int) {
        services.metrics.recordRequest(route: admitted.route, method: admitted.isHead ? "HEAD" : "GET", status: status)
        services.metrics.recordBytes(route: admitted.route, count: bytes)
        ContentPipeline.record(
            services, identity: admitted.identity, action: admitted.action, asset: admitted.asset,
            decision: admitted.decision, status: status, bytes: Int64(bytes), client: admitted.client,
            clientText: admitted.clientText, userAgent: admitted.userAgent)
    }
}
