/// Which timeout guards a connection now, as pure state: the connection's handler feeds it what happens (a request
/// head or end arrives, a response ends, the socket's writability changes) and runs the timer it names.
///
/// - Between requests the connection is idle: the next request head must arrive within the request-head timeout on
///   a new connection, within the keep-alive timeout after a response. Bytes of a head that never completes do not
///   count (a client sending half a head is closed as an idle one).
/// - From a head to its end (a body), the request must complete within the request-head timeout.
/// - While responses are pending, the socket is watched: bytes waiting to be sent that do not move for the send
///   timeout close it (a client that stopped reading); a response the gateway is still preparing (a transcode, a
///   database), with nothing waiting to be sent, has no timeout here.
struct ConnectionTimeouts: Sendable, Equatable {
    /// The timer a connection needs.
    enum Timer: Sendable, Equatable {
        case none
        /// No request since connecting (`first`) or since the last response.
        case idle(first: Bool)
        /// A request head arrived, its end not yet.
        case request
        /// Responses pending: the send watchdog.
        case send
    }

    /// Requests whose response has not ended.
    private(set) var pendingResponses = 0
    /// A head arrived and its end has not.
    private(set) var receiving = false
    /// Whether any response ended on this connection.
    private(set) var answeredOne = false

    init() {}

    /// The timer that should be running.
    var timer: Timer {
        if receiving { return .request }
        if pendingResponses > 0 { return .send }
        return .idle(first: !answeredOne)
    }

    mutating func headReceived() {
        receiving = true
        pendingResponses += 1
    }

    mutating func endReceived() {
        receiving = false
    }

    mutating func responseEnded() {
        pendingResponses = max(0, pendingResponses - 1)
        answeredOne = true
    }
}
