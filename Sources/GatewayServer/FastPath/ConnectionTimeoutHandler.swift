import NIOCore
import NIOHTTP1

/// Closes connections that hold resources without making progress — a slowloris sending half a request head, a
/// kept-alive connection left idle, a client that stops reading a response — as nginx's `client_header_timeout`,
/// `keepalive_timeout` and `send_timeout` do (see ``ConnectionTimeouts`` for the rules).
///
/// It sits right after NIO's request decoder, so it sees every request head and end before the sendfile fast path
/// takes any, and every response end written toward the socket; the fast path reports the ends of the responses it
/// writes past the HTTP encoder with ``FastPathResponseEnded``.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The limits, from the configuration.
    struct Limits: Sendable {
        var requestHead: TimeAmount
        var keepalive: TimeAmount
        var send: TimeAmount
    }

    private let limits: Limits
    private var state = ConnectionTimeouts()
    private var running: (timer: ConnectionTimeouts.Timer, task: Scheduled<Void>)?

    init(limits: Limits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { update(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        update(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        running?.task.cancel()
        running = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        running?.task.cancel()
        running = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: state.headReceived()
        case .body: break
        case .end: state.endReceived()
        }
        update(context: context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        // A response has ended once its last bytes reached the socket, not when they entered the pipeline.
        let written = promise ?? context.eventLoop.makePromise()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in
            let (handler, context) = loopBound.value
            handler.state.responseEnded()
            handler.update(context: context)
        }
        context.write(data, promise: written)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is FastPathResponseEnded else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        state.responseEnded()
        update(context: context)
        promise?.succeed()
    }

    /// Starts the timer the state asks for, unless it already runs; a change of timer restarts the clock.
    private func update(context: ChannelHandlerContext) {
        let wanted = state.timer
        if let running, running.timer == wanted { return }
        running?.task.cancel()
        running = nil
        switch wanted {
        case .none: return
        case .idle(let first): schedule(wanted, in: first ? limits.requestHead : limits.keepalive, context: context)
        case .request: schedule(wanted, in: limits.requestHead, context: context)
        case .send:
            lastBuffered = Self.bufferedBytes(context)
            schedule(wanted, in: limits.send, context: context)
        }
    }

    /// Bytes handed to the connection and not yet accepted by the socket, at the last send watchdog check.
    private var lastBuffered = 0

    private func schedule(_ timer: ConnectionTimeouts.Timer, in delay: TimeAmount, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = loopBound.value
            guard let running = handler.running, running.timer == timer else { return }
            handler.running = nil
            if case .send = timer {
                // Progress, or nothing waiting (the gateway still preparing its answer): watch another round.
                let buffered = Self.bufferedBytes(context)
                if buffered == 0 || buffered != handler.lastBuffered {
                    handler.lastBuffered = buffered
                    handler.schedule(timer, in: handler.limits.send, context: context)
                    return
                }
            }
            context.close(promise: nil)
        }
        running = (timer, task)
    }

    /// What NIO holds for the socket now (sendfile regions included), read on the event loop.
    private static func bufferedBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
    }
}
