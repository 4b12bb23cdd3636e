import Foundation
import GRDB
import Synchronization

/// The background half of an audit store: a bounded in-memory queue and the one task that drains it in batches
/// through `writeBatch` (SQLite for ``AuditLog``, PostgreSQL for the shared store). A batch that cannot be written
/// stays queued and is retried; beyond the queue's capacity the oldest records are dropped and counted.
///
/// The task holds this object, never the `AuditLog`, so when the log goes away ``close()`` lets the task write
/// what is left and end.
package final class AuditWriter: Sendable {
    /// Records written per transaction.
    let batchSize: Int
    /// How long the first record of a batch may wait for company before the batch is written anyway.
    let batchWindow: Duration

    private let writeBatch: @Sendable ([AuditRecord]) async throws -> Void
    private let state: Mutex<State>

    /// A suspended drain task and the queue length that wakes it.
    private struct Waiter {
        var id: UInt64
        var threshold: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var pending: PendingRecords
        var waiter: Waiter?
        var nextWaiterID: UInt64 = 0
        /// Callers of `flush()` waiting for the next complete drain.
        var flushWaiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false

        /// Whether the drain task should stop waiting and write now.
        func mustWake(threshold: Int) -> Bool {
            closed || !flushWaiters.isEmpty || pending.count >= threshold
        }
    }

    /// A writer into the embedded database: each batch and what it adds to the daily counts in one transaction.
    convenience init(database: DatabasePool, calendar: ReportCalendar, capacity: Int, batchSize: Int, batchWindow: Duration) {
        self.init(capacity: capacity, batchSize: batchSize, batchWindow: batchWindow) { batch in
            let daily = DailyCountBatch(batch, calendar: calendar)
            try await database.write { db in
                try AuditBatchInsert.insert(batch, into: db)
                try DailyUsageSQLite.add(daily, into: db)
            }
        }
    }

    /// A writer that stores each batch with `writeBatch` (one transaction per call).
    package init(
        capacity: Int, batchSize: Int, batchWindow: Duration, writeBatch: @escaping @Sendable ([AuditRecord]) async throws -> Void
    ) {
        self.writeBatch = writeBatch
        self.batchSize = batchSize
        self.batchWindow = batchWindow
        state = Mutex(State(pending: PendingRecords(capacity: capacity)))
    }

    package var droppedRecords: Int { state.withLock { $0.pending.dropped } }

    package var pendingCount: Int { state.withLock { $0.pending.count } }

    // MARK: - Callers

    /// Queues a record; wakes the drain task if that completes a batch it waits for. Never suspends.
    package func enqueue(_ record: AuditRecord) {
        let toWake: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.pending.append(record)
            guard let waiter = state.waiter, state.mustWake(threshold: waiter.threshold) else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        toWake?.resume()
    }

    /// Returns once every record queued before the call is committed, or throws the write error that kept
    /// one from being committed.
    package func flush() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let toWake: CheckedContinuation<Void, Never>? = state.withLock { state in
                state.flushWaiters.append(continuation)
                defer { state.waiter = nil }
                return state.waiter?.continuation
            }
            toWake?.resume()
        }
    }

    /// Asks the drain task to write what is left and stop.
    package func close() {
        let toWake: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        toWake?.resume()
    }

    // MARK: - The drain task

    /// Starts the drain task. Call once.
    package func start() {
        Task.detached(priority: .utility) { [self] in await run() }
    }

    private func run() async {
        while true {
            // Sleep until there is something to do, then give a partial batch a short window to fill up.
            await wait(threshold: 1, timeout: nil)
            if !state.withLock({ $0.mustWake(threshold: batchSize) }) {
                await wait(threshold: batchSize, timeout: batchWindow)
            }

            let waiters = state.withLock { state in
                defer { state.flushWaiters = [] }
                return state.flushWaiters
            }
            var failure: (any Error)?
            // One batch, then more only while whole batches are waiting: the few records that arrive while a batch
            // is written wait for their own batch (or window) instead of each costing a transaction. A flush or
            // close drains everything.
            var wrote = false
            while let batch = state.withLock({ state -> [AuditRecord]? in
                guard !wrote || !waiters.isEmpty || state.closed || state.pending.count >= batchSize else { return nil }
                return state.pending.removeBatch(upTo: batchSize)
            }) {
                wrote = true
                do {
                    try await write(batch)
                } catch {
                    state.withLock { $0.pending.putBack(batch) }
                    failure = error
                    break
                }
            }
            for waiter in waiters {
                if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
            }

            let (closed, idle) = state.withLock { ($0.closed, $0.pending.isEmpty && $0.flushWaiters.isEmpty) }
            if closed {
                if failure == nil, !idle { continue }
                // Nobody is left to retry for: count what could not be written and stop.
                state.withLock { $0.pending.dropAll() }
                return
            }
            if failure != nil {
                // The database refused a batch (disk full, locked for longer than the busy timeout…): keep the
                // records, bounded by the queue's capacity, and try again shortly rather than spinning.
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Suspends until the queue holds `threshold` records, a flush or close is asked for, or `timeout` passes.
    private func wait(threshold: Int, timeout: Duration?) async {
        var timer: Task<Void, Never>?
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id: UInt64? = state.withLock { state in
                if state.mustWake(threshold: threshold) { return nil }
                state.nextWaiterID &+= 1
                state.waiter = Waiter(id: state.nextWaiterID, threshold: threshold, continuation: continuation)
                return state.nextWaiterID
            }
            guard let id else { return continuation.resume() }
            if let timeout {
                // Started only after the waiter is registered, so the timer cannot fire too early to see it.
                timer = Task { [self] in
                    try? await Task.sleep(for: timeout)
                    wake(id: id)
                }
            }
        }
        timer?.cancel()
    }

    /// Resumes the waiter `id` if it is still waiting (a timer's wake-up).
    private func wake(id: UInt64) {
        let toWake: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        toWake?.resume()
    }

    /// Stores one batch in one transaction.
    private func write(_ batch: [AuditRecord]) async throws {
        try await writeBatch(batch)
    }
}
