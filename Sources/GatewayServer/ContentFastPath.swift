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
struct ContentFastPath: Sendable {
    let services: GatewayServices
    let verifier: LinkVerifier

    /// Allocates rendered response heads (NIO's default allocator, as every channel here uses).
    static let allocator = ByteBufferAllocator()

    init(services: GatewayServices) {
        self.services = services
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
                    guard let fresh = windows.recentDelivery(token: token, now: now), fresh.revokedAt == nil,
                        windows.isOpen(deliveryID: fresh.id, client: clientText, now: now)
                    else { return nil }
                    delivery = fresh
                    connection.memo = LinkMemo(
                        uri: head.uri, client: clientAddress,
                        caller: .delivery(token: token, attachment: attachment, delivery: fresh, revocations: count),
                        verifiedAt: now)
                }
                guard now < delivery.expiresAt, let cached = services.assetCache.value(forKey: delivery.assetID) else { return nil }
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
                link.action != .stream,
                let cached = services.assetCache.value(forKey: id)
            else { return nil }
            connection.memo = LinkMemo(uri: head.uri, client: clientAddress, caller: .link(link), verifiedAt: now)
            (identity, action, attachment, route, asset) = (.patron(link), PolicyAction(link.action), link.action == .download, "/assets/{id}/content", cached)
        case "d":
            // Only inside a download window this node recorded, on a row read within the last second: counting,
            // expiry and revocation are then exactly as the route would decide them.
            let revocations = services.deliveryWindows.revocations
            guard let delivery = services.deliveryWindows.recentDelivery(token: String(parts[2]), now: now),
                delivery.revokedAt == nil, now < delivery.expiresAt,
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

    /// The rest of ``admit(_:client:connection:)`` once the caller is known: the policy, the response plan,
    /// the descriptor.
    private func plan(
        _ head: HTTPRequestHead, identity: Identity, action: PolicyAction, attachment: Bool, route: String, asset: Asset,
        client: IPAddress?, clientText: String, now: Date, connection: inout ConnectionState
    ) -> Admitted? {
        let decision = services.policies.engine.decide(
            PolicyGate.request(subject: identity.policySubject, action: action, asset: asset, client: client))
        guard decision.allowed, decision.limits.downloadsPerDay == nil, decision.limits.concurrentStreams == nil else { return nil }
        let isHead = head.method == .HEAD
        let item: PreparedContent
        if let known = connection.prepared, known.matches(asset, attachment: attachment) {
            item = known
        } else {
            guard let path = services.blobs.localPath(for: asset.sha256) else { return nil }
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
        if !isHead {
            guard let open = services.responder.body.files.acquireIfOpen(path: item.path) else { return nil }
            descriptor = open
        }
        let rendered = item.head(
            range: isPartial ? body : nil, count: body.count, date: connection.clock.value(at: now),
            allocator: Self.allocator)
        return Admitted(
            identity: identity, action: action, route: route, asset: asset, decision: decision, client: client,
            clientText: clientText, userAgent: head.headers.first(name: "user-agent"), isHead: isHead,
            answer: .rendered(status: isPartial ? 206 : 200, head: rendered, body: isHead ? nil : body),
            descriptor: descriptor)
    }

    /// Records a fast-path response once written (`bytes` 0 when the client went away before the end).
    func finished(_ admitted: Admitted, status: Int, bytes: Int) {
        services.metrics.recordRequest(route: admitted.route, method: admitted.isHead ? "HEAD" : "GET", status: status)
        services.metrics.recordBytes(route: admitted.route, count: bytes)
        PolicyGate.record(
            services, identity: admitted.identity, action: admitted.action, asset: admitted.asset,
            decision: admitted.decision, status: status, bytes: Int64(bytes), client: admitted.client,
            clientText: admitted.clientText, userAgent: admitted.userAgent)
    }
}

/// Sits between NIO's HTTP/1 decoder and Hummingbird: answers what ``ContentFastPath`` admits, passes everything
/// else on. It intercepts only while no request of the connection is with Hummingbird, so responses stay in request
/// order however a client pipelines.
final class ContentFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let fastPath: ContentFastPath
    /// Requests passed to Hummingbird whose response has not ended yet.
    private var withRouter = 0
    /// The request being answered here, between its head and its end.
    private var intercepted: ContentFastPath.Admitted?
    private var swallowing = false
    /// Fast-path responses still being written.
    private var writing = 0
    /// The connection's peer as the client of requests without forwarding headers, settled once.
    private var peer: ClientAddress?
    /// The connection's last verified link, the item it asked for and the date line.
    private var connection = ContentFastPath.ConnectionState()
    /// The context of the connection's ``RawResponseWriter``, where rendered heads go.
    private var raw: ChannelHandlerContext?
    /// A shutdown asked the connection to quiesce while a fast-path response was being written: Hummingbird, which
    /// never saw that request, is told once it is done, so a download in progress gets the shutdown grace period.
    private var quiesceHeldBack = false
    /// Writability changes not passed on while no request was with the router.
    private var writabilityHeld = false

    init(fastPath: ContentFastPath) {
        self.fastPath = fastPath
    }

    func handlerAdded(context: ChannelHandlerContext) {
        raw = try? context.pipeline.syncOperations.context(handlerType: RawResponseWriter.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        raw = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if withRouter == 0, !quiesceHeldBack, raw != nil,
                let admitted = fastPath.admit(head, client: client(of: head, context: context), connection: &connection)
            {
                intercepted = admitted
                swallowing = true
                return
            }
            if writabilityHeld {
                // Hummingbird is about to write again: let it see where the socket stands now.
                writabilityHeld = false
                context.fireChannelWritabilityChanged()
            }
            withRouter += 1
            context.fireChannelRead(data)
        case .body:
            if !swallowing { context.fireChannelRead(data) }
        case .end:
            guard swallowing, let admitted = intercepted else {
                context.fireChannelRead(data)
                return
            }
            swallowing = false
            intercepted = nil
            respond(context: context, admitted)
        }
    }

    /// The client of a request, decided as ``ClientAddressMiddleware`` decides it for the router.
    private func client(of head: HTTPRequestHead, context: ChannelHandlerContext) -> ClientAddress {
        let peer: ClientAddress
        if let known = self.peer {
            peer = known
        } else {
            peer = ClientAddress(address: context.channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) }, viaProxy: false)
            self.peer = peer
        }
        let forwarded = head.headers["forwarded"], xForwardedFor = head.headers["x-forwarded-for"]
        guard !forwarded.isEmpty || !xForwardedFor.isEmpty else { return peer }
        return fastPath.services.configuration.trustedProxies.client(
            peer: peer.address, forwarded: forwarded, xForwardedFor: xForwardedFor)
    }

    /// A 64 KiB range and its head pass the channel's high-water mark, so every fast-path answer turns the channel
    /// unwritable and writable again. Nothing of Hummingbird's is writing then, so those changes are held back and
    /// passed on (once, with whatever the socket's state is by then) when the next request goes to the router.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if withRouter == 0 {
            writabilityHeld = true
            return
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, writing > 0 || swallowing {
            quiesceHeldBack = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// One fast-path response is written (or failed); passes on a held-back quiesce once none is left.
    private func responseDone(context: ChannelHandlerContext) {
        writing -= 1
        if writing == 0, !swallowing, quiesceHeldBack {
            quiesceHeldBack = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { withRouter = max(0, withRouter - 1) }
        context.write(data, promise: promise)
    }

    private func respond(context: ChannelHandlerContext, _ admitted: ContentFastPath.Admitted) {
        let fastPath = self.fastPath
        writing += 1
        switch admitted.answer {
        case .planned(let planned):
            var headers = HTTPHeaders()
            headers.reserveCapacity(planned.headers.count + 2)
            for field in planned.headers { headers.add(name: field.name.rawName, value: field.value) }
            headers.add(name: "Date", value: connection.clock.value(at: Date()))
            headers.add(name: "Server", value: "literature-gateway")
            let status = Int(planned.status.code)
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))),
                promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            fastPath.finished(admitted, status: status, bytes: 0)
            responseDone(context: context)
        case .rendered(let status, let head, let body):
            guard let raw, let body, let descriptor = admitted.descriptor else {
                // HEAD: the head alone (no raw context only if the pipeline is being torn down).
                admitted.descriptor?.release()
                guard let raw else {
                    fastPath.finished(admitted, status: status, bytes: 0)
                    responseDone(context: context)
                    return
                }
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                let written = context.eventLoop.makePromise(of: Void.self)
                raw.writeAndFlush(NIOAny(IOData.byteBuffer(head)), promise: written)
                fastPath.finished(admitted, status: status, bytes: 0)
                written.futureResult.whenComplete { _ in
                    let (handler, context) = loopBound.value
                    context.triggerUserOutboundEvent(FastPathResponseEnded(), promise: nil)
                    handler.responseDone(context: context)
                }
                return
            }
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let written = context.eventLoop.makePromise(of: Void.self)
            // The kernel sends the bytes. (Measured with wrk against the alternatives: TCP_CORK around head and
            // region, and copying a 64 KiB range into the head's buffer for one write, were both slower.) The region
            // borrows the shared descriptor (sendfile reads at an offset, never moving the file position) and hands it
            // back without closing it once written; the table's reference keeps it open meanwhile.
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor.fd)
            let region = FileRegion(fileHandle: handle, readerIndex: Int(body.first), endIndex: Int(body.last) + 1)
            raw.write(NIOAny(IOData.byteBuffer(head)), promise: nil)
            raw.writeAndFlush(NIOAny(IOData.fileRegion(region)), promise: written)
            written.futureResult.whenComplete { result in
                _ = try? handle.takeDescriptorOwnership()
                descriptor.release()
                let bytes: Int
                if case .success = result { bytes = Int(body.count) } else { bytes = 0 }
                fastPath.finished(admitted, status: status, bytes: bytes)
                let (handler, context) = loopBound.value
                context.triggerUserOutboundEvent(FastPathResponseEnded(), promise: nil)
                handler.responseDone(context: context)
            }
        }
    }
}
