import Testing

@testable import GatewayServer

/// ``FastPathStateMachine``: every transition of the fast path's connection state on its own.
@Suite struct FastPathStateMachineTests {
    typealias Machine = FastPathStateMachine<String>

    @Test func anInterceptedRequestIsSwallowedAndAnsweredAtItsEnd() {
        var machine = Machine()
        #expect(machine.mayIntercept)
        #expect(machine.head(intercepted: "range 0-9") == .swallow)
        #expect(machine.body() == .swallow)
        guard case .respond(let request) = machine.end() else {
            Issue.record("the end of an intercepted request must be answered")
            return
        }
        #expect(request == "range 0-9")
        #expect(machine.writing == 1)
        #expect(machine.responseWritten() == false)
        #expect(machine.writing == 0)
    }

    @Test func requestsForTheRouterPassAndBlockInterceptionUntilAnswered() {
        var machine = Machine()
        #expect(machine.head(intercepted: nil) == .forward(replayWritability: false))
        #expect(machine.body() == .forward)
        guard case .forward = machine.end() else {
            Issue.record("a router request's end goes to the router")
            return
        }
        // A pipelined request behind it may not be taken by the fast path: answers stay in order.
        #expect(!machine.mayIntercept)
        #expect(machine.head(intercepted: "range") == .forward(replayWritability: false))
        #expect(machine.routed == 2)
        machine.routerResponseEnded()
        machine.routerResponseEnded()
        #expect(machine.mayIntercept)
        machine.routerResponseEnded()  // never below zero
        #expect(machine.routed == 0)
    }

    @Test func writabilityChangesAreHeldWhileOnlyTheFastPathWritesAndReplayedOnce() {
        var machine = Machine()
        #expect(machine.writabilityChanged() == .hold)
        #expect(machine.writabilityChanged() == .hold)
        #expect(machine.head(intercepted: nil) == .forward(replayWritability: true))
        #expect(machine.writabilityChanged() == .forward)
        machine.routerResponseEnded()
        #expect(machine.head(intercepted: nil) == .forward(replayWritability: false))
    }

    @Test func aQuiesceWaitsForFastPathWritesAndStopsInterception() {
        var machine = Machine()
        #expect(machine.quiesce() == .forward)  // nothing of the fast path's in flight
        #expect(machine.head(intercepted: "a") == .swallow)
        #expect(machine.quiesce() == .hold)  // mid-request
        #expect(!machine.mayIntercept)
        _ = machine.end()
        #expect(machine.responseWritten() == true)  // the held quiesce goes on now
        #expect(machine.mayIntercept)
    }

    @Test func aHeldQuiesceWaitsForTheLastOfSeveralWrites() {
        var machine = Machine()
        #expect(machine.head(intercepted: "a") == .swallow)
        _ = machine.end()
        #expect(machine.head(intercepted: "b") == .swallow)
        _ = machine.end()
        #expect(machine.quiesce() == .hold)
        #expect(machine.responseWritten() == false)
        #expect(machine.responseWritten() == true)
    }

    @Test func aHeadTheFastPathMayNotTakeGoesToTheRouterEvenIfAdmitted() {
        var machine = Machine()
        _ = machine.head(intercepted: nil)
        #expect(machine.head(intercepted: "admitted too late") == .forward(replayWritability: false))
    }
}
