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
    /// The timer the state asked for last, and when it runs out.
    private var kind = ConnectionTimeouts.Timer.none
    private var deadline: NIODeadline?
    /// The one wake-up scheduled, if any. Changing timers never reschedules it (a request would otherwise cost a
    /// cancel and a schedule on the event loop's timer heap — measured on the range path): it is always set no later
    /// than the shortest timeout from when it was set, so it never fires after any deadline set since, and it arms the
    /// next one when it fires.
    private var wakeUp: Scheduled<Void>?
    /// Bytes waiting for the socket when the send watchdog last looked.
    private var lastBuffered = 0

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
        wakeUp?.cancel()
        wakeUp = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        wakeUp?.cancel()
        wakeUp = nil
        deadline = nil
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

    /// Sets the deadline of the timer the state asks for, unless it is the one already running (a change of timer
    /// restarts the clock), and makes sure a wake-up is pending.
    private func update(context: ChannelHandlerContext) {
        let wanted = state.timer
        guard wanted != kind else { return }
        kind = wanted
        let now = NIODeadline.now()
        switch wanted {
        case .none:
            deadline = nil
            return
        case .idle(let first): deadline = now + (first ? limits.requestHead : limits.keepalive)
        case .request: deadline = now + limits.requestHead
        case .send:
            lastBuffered = Self.bufferedBytes(context)
            deadline = now + limits.send
        }
        if wakeUp == nil { arm(context: context, now: now) }
    }

    /// The shortest of the timeouts: no deadline is ever set sooner than this after now.
    private var shortest: TimeAmount { min(limits.requestHead, limits.keepalive, limits.send) }

    private func arm(context: ChannelHandlerContext, now: NIODeadline) {
        guard let deadline else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        wakeUp = context.eventLoop.scheduleTask(deadline: min(deadline, now + shortest)) {
            let (handler, context) = loopBound.value
            handler.wakeUp = nil
            handler.expire(context: context)
        }
    }

    /// A wake-up: closes the connection if its deadline has passed (the send watchdog first looks for progress),
    /// otherwise arms the next wake-up.
    private func expire(context: ChannelHandlerContext) {
        guard let deadline else { return }
        let now = NIODeadline.now()
        if now < deadline {
            arm(context: context, now: now)
            return
        }
        if case .send = kind {
            // Progress, or nothing waiting (the gateway still preparing its answer): watch another round.
            let buffered = Self.bufferedBytes(context)
            if buffered == 0 || buffered != lastBuffered {
                lastBuffered = buffered
                self.deadline = now + limits.send
                arm(context: context, now: now)
                return
            }
        }
        context.close(promise: nil)
    }

    /// What NIO holds for the socket now (sendfile regions included), read on the event loop.
    private static func bufferedBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
    }
}
