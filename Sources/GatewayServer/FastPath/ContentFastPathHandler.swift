import HTTPRanges
import Access
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTP1

/// Sits between NIO's HTTP/1 decoder and Hummingbird: answers what ``ContentFastPath`` admits, passes everything
/// else on. It intercepts only while no request of the connection is with Hummingbird, so responses stay in request
/// order however a client pipelines.
final class ContentFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let fastPath: ContentFastPath
    /// Where the connection stands: the request arriving, requests with the router, fast-path writes, held events.
    private var state = FastPathStateMachine<ContentFastPath.Admitted>()
    /// The connection's peer as the client of requests without forwarding headers, settled once.
    private var peer: ClientAddress?
    /// The connection's last verified link, the item it asked for and the date line.
    private var connection = ContentFastPath.ConnectionState()
    /// The context of the connection's ``RawResponseWriter``, where rendered heads go.
    private var raw: ChannelHandlerContext?

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
            var admitted: ContentFastPath.Admitted?
            if state.mayIntercept, raw != nil {
                admitted = fastPath.admit(head, client: client(of: head, context: context), connection: &connection)
            }
            switch state.head(intercepted: admitted) {
            case .swallow:
                return
            case .forward(let replayWritability):
                // Hummingbird is about to write again: let it see where the socket stands now.
                if replayWritability { context.fireChannelWritabilityChanged() }
                context.fireChannelRead(data)
            }
        case .body:
            if state.body() == .forward { context.fireChannelRead(data) }
        case .end:
            switch state.end() {
            case .respond(let admitted): respond(context: context, admitted)
            case .forward: context.fireChannelRead(data)
            }
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
        if state.writabilityChanged() == .forward { context.fireChannelWritabilityChanged() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, state.quiesce() == .hold { return }
        context.fireUserInboundEventTriggered(event)
    }

    /// One fast-path response is written (or failed); passes on a held-back quiesce once none is left.
    private func responseDone(context: ChannelHandlerContext) {
        if state.responseWritten() { context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { state.routerResponseEnded() }
        context.write(data, promise: promise)
    }

    private func respond(context: ChannelHandlerContext, _ admitted: ContentFastPath.Admitted) {
        let fastPath = self.fastPath
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
                admitted.continuation?.descriptor.release()
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
            let continuation = admitted.continuation
            var secondHandle: NIOFileHandle?
            if let continuation {
                // The rest of a range across two slices, from the second slice's file.
                let next = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: continuation.descriptor.fd)
                secondHandle = next
                raw.write(NIOAny(IOData.fileRegion(region)), promise: nil)
                let rest = FileRegion(
                    fileHandle: next, readerIndex: Int(continuation.range.first), endIndex: Int(continuation.range.last) + 1)
                raw.writeAndFlush(NIOAny(IOData.fileRegion(rest)), promise: written)
            } else {
                raw.writeAndFlush(NIOAny(IOData.fileRegion(region)), promise: written)
            }
            let total = body.count + (continuation?.range.count ?? 0)
            written.futureResult.whenComplete { [secondHandle] result in
                _ = try? handle.takeDescriptorOwnership()
                _ = try? secondHandle?.takeDescriptorOwnership()
                descriptor.release()
                continuation?.descriptor.release()
                let bytes: Int
                if case .success = result { bytes = Int(total) } else { bytes = 0 }
                fastPath.finished(admitted, status: status, bytes: bytes)
                let (handler, context) = loopBound.value
                context.triggerUserOutboundEvent(FastPathResponseEnded(), promise: nil)
                handler.responseDone(context: context)
            }
        }
    }
}
