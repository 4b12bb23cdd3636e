import ServiceLifecycle
import UnixSignals

/// Reloads the policy files when they change (polled every second) or on SIGHUP.
struct PolicyWatcher: Service {
    let policies: PolicyStore

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await policies.watch() }
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { policies.reload() }
                }
            }
        }
    }
}
