/// The connection state of ``ContentFastPathHandler``, as one value whose transitions return what the handler must
/// do (as `LRUCache/LoadStateMachine.swift`): pure, so every transition is tested on its own
/// (`FastPathStateMachineTests`). `Request` is the fast path's admitted request in production, a plain value in tests.
///
/// ```
///                head, fast path admits ─────▶ intercepting(request) ── end ──▶ awaitingHead (+1 writing)
///   awaitingHead ┤                                    │ body: swallowed
///                head, otherwise ──────────▶ passing (+1 routed) ── end ──▶ awaitingHead
///
///   routed −1 when the router's response ends; writing −1 when a fast-path response is written
/// ```
///
/// The fast path may take a request only while no request of the connection is with the router (so answers stay in
/// request order however a client pipelines) and no shutdown asked the connection to quiesce. A quiesce that arrives
/// while the fast path answers is held back until its writes are done (Hummingbird never saw that request, so it
/// would close a download in progress); writability changes caused by the fast path's own writes are held back from
/// Hummingbird until the next request goes to the router.
struct FastPathStateMachine<Request> {
    /// What happens to the parts of the request arriving now.
    enum Inbound {
        /// Between requests.
        case awaitingHead
        /// The fast path took this request; its body, if any, is swallowed until its end.
        case intercepting(Request)
        /// The request goes to the router.
        case passing
    }

    private(set) var inbound = Inbound.awaitingHead
    /// Requests with the router whose response has not ended.
    private(set) var routed = 0
    /// Fast-path responses still being written.
    private(set) var writing = 0
    /// A quiesce held back while the fast path answers.
    private(set) var quiesceHeld = false
    /// Writability changes held back while nothing of the router's was writing.
    private(set) var writabilityHeld = false

    /// Whether the fast path may try the request whose head just arrived.
    var mayIntercept: Bool { routed == 0 && !quiesceHeld }

    enum HeadAction: Equatable {
        /// The fast path has it: do not pass the head on.
        case swallow
        /// Pass the head to the router, first replaying a held writability change if `replayWritability`.
        case forward(replayWritability: Bool)
    }

    /// A head arrived; `intercepted` is the fast path's admission of it (nil: the router answers).
    mutating func head(intercepted: Request?) -> HeadAction {
        if let intercepted, mayIntercept {
            inbound = .intercepting(intercepted)
            return .swallow
        }
        inbound = .passing
        routed += 1
        let replay = writabilityHeld
        writabilityHeld = false
        return .forward(replayWritability: replay)
    }

    enum PartAction: Equatable {
        case swallow
        case forward
    }

    /// A body part arrived.
    func body() -> PartAction {
        if case .intercepting = inbound { return .swallow }
        return .forward
    }

    enum EndAction {
        /// The request is complete: answer it now (decided when its head came; a read declaring a body never
        /// gets here, the router refuses it).
        case respond(Request)
        case forward
    }

    /// A request's end arrived.
    mutating func end() -> EndAction {
        defer { inbound = .awaitingHead }
        guard case .intercepting(let request) = inbound else { return .forward }
        writing += 1
        return .respond(request)
    }

    /// The router's response to a request ended.
    mutating func routerResponseEnded() {
        routed = max(0, routed - 1)
    }

    enum EventAction: Equatable {
        case forward
        case hold
    }

    /// The socket's writability changed.
    mutating func writabilityChanged() -> EventAction {
        guard routed == 0 else { return .forward }
        writabilityHeld = true
        return .hold
    }

    /// A shutdown asks the connection to quiesce.
    mutating func quiesce() -> EventAction {
        var answering = writing > 0
        if case .intercepting = inbound { answering = true }
        guard answering else { return .forward }
        quiesceHeld = true
        return .hold
    }

    /// A fast-path response was written (or failed). Returns whether a held quiesce must be passed on now.
    mutating func responseWritten() -> Bool {
        writing = max(0, writing - 1)
        if case .intercepting = inbound { return false }
        guard writing == 0, quiesceHeld else { return false }
        quiesceHeld = false
        return true
    }
}
