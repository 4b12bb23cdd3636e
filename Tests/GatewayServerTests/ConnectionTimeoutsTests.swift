import Testing

@testable import GatewayServer

/// The timer a connection needs after each event (pure state; the handler runs the timers).
@Suite struct ConnectionTimeoutsTests {
    @Test func aNewConnectionWaitsForItsFirstHeadUnderTheHeadTimeout() {
        let state = ConnectionTimeouts()
        #expect(state.timer == .idle(first: true))
    }

    @Test func aRequestThenItsResponseThenKeepAlive() {
        var state = ConnectionTimeouts()
        state.headReceived()
        #expect(state.timer == .request)  // a body may follow
        state.endReceived()
        #expect(state.timer == .send)  // the answer is pending: the send watchdog
        state.responseEnded()
        #expect(state.timer == .idle(first: false))  // kept alive: the keep-alive timeout
    }

    @Test func pipelinedRequestsKeepTheWatchdogUntilTheLastAnswer() {
        var state = ConnectionTimeouts()
        for _ in 0..<3 {
            state.headReceived()
            state.endReceived()
        }
        state.responseEnded()
        state.responseEnded()
        #expect(state.timer == .send)
        state.responseEnded()
        #expect(state.timer == .idle(first: false))
        // A stray extra end (never happens in order) cannot make the count negative.
        state.responseEnded()
        #expect(state.pendingResponses == 0)
    }

    @Test func aHeadArrivingWhileAnsweringStartsTheRequestTimer() {
        var state = ConnectionTimeouts()
        state.headReceived()
        state.endReceived()
        state.headReceived()
        #expect(state.timer == .request)
        state.responseEnded()
        #expect(state.timer == .request)
        state.endReceived()
        #expect(state.timer == .send)
    }

    @Test func anAnswerBeforeTheRequestEndedStillWaitsForTheEnd() {
        // A refusal sent at the head (a body the client holds back): the request timer still guards the body.
        var state = ConnectionTimeouts()
        state.headReceived()
        state.responseEnded()
        #expect(state.timer == .request)
        state.endReceived()
        #expect(state.timer == .idle(first: false))
    }
}
