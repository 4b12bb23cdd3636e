import Testing

@testable import LRUCache

@Suite("LoadStateMachine transitions")
struct LoadStateMachineTests {
    typealias Machine = LoadStateMachine<String, Int>

    /// Joins outside the `#require` macro, which cannot call a mutating method.
    func join(_ machine: inout Machine) -> Int? {
        machine.join()
    }

    @Test("registered waiters receive the result; late registrations get it at once")
    func finishDeliversToAll() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        let b = try #require(join(&machine))
        guard case .suspend = machine.register(a, "a") else { Issue.record("a should suspend"); return }
        let finish = machine.finish(.success(7))
        #expect(finish.delivered)
        #expect(finish.waiters == ["a"])
        guard case .resume(.success(7)) = machine.register(b, "b") else { Issue.record("b gets 7"); return }
        #expect(machine.join() == nil, "a finished load takes no new waiters")
    }

    @Test("cancelling one of two waiters resumes only it and keeps the load")
    func cancelOne() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        let b = try #require(join(&machine))
        _ = machine.register(a, "a")
        _ = machine.register(b, "b")
        let action = machine.cancel(a)
        #expect(action.waiterToCancel == "a")
        #expect(!action.cancelLoad)
        #expect(machine.waiterCount == 1)
        #expect(machine.finish(.success(1)).waiters == ["b"])
    }

    @Test("cancelling the last waiter abandons the load and drops its result")
    func cancelLast() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        _ = machine.register(a, "a")
        let action = machine.cancel(a)
        #expect(action.cancelLoad)
        #expect(machine.isAbandoned)
        #expect(machine.join() == nil)
        let finish = machine.finish(.success(1))
        #expect(!finish.delivered)
        #expect(finish.waiters.isEmpty)
    }

    @Test("a waiter cancelled between joining and registering is resumed with cancellation on registering")
    func cancelBeforeRegister() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        let b = try #require(join(&machine))
        _ = machine.register(b, "b")
        let action = machine.cancel(a)
        #expect(action.waiterToCancel == nil)
        #expect(!action.cancelLoad, "b still waits")
        guard case .resumeCancelled = machine.register(a, "a") else { Issue.record("a is cancelled"); return }
        #expect(machine.finish(.success(3)).waiters == ["b"])
    }

    @Test("the only waiter cancelled before registering abandons the load")
    func onlyWaiterCancelledEarly() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        #expect(machine.cancel(a).cancelLoad)
        guard case .resumeCancelled = machine.register(a, "a") else { Issue.record("a is cancelled"); return }
    }

    @Test("a failure reaches every waiter; cancelling after the finish does nothing")
    func failure() throws {
        var machine = Machine()
        let a = try #require(join(&machine))
        _ = machine.register(a, "a")
        let finish = machine.finish(.failure(TestFailure(code: 1)))
        #expect(finish.waiters == ["a"])
        let late = machine.cancel(a)
        #expect(late.waiterToCancel == nil && !late.cancelLoad)
    }
}
