import Logging
import PostgresStore
import ServiceLifecycle

/// In a network of nodes, renews every ten seconds the shared leases of the streams this node is sending (a long
/// download or a film keeps its `concurrent_streams` slot however long it runs) and clears expired leases. If the
/// database is away the leases run out (30 s) and new streams with a limit answer 503 until it is back.
struct StreamLeaseRenewer: Service {
    let services: GatewayServices

    func run() async throws {
        guard let shared = services.quotas.sharedStreams else { return }
        try await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                try await Task.sleep(for: PostgresStreamLeases.renewEvery)
                do {
                    try await shared.renew(services.quotas.streams.inFlight())
                    if failing { services.logger.notice("stream leases renewed again") }
                    failing = false
                } catch {
                    if !failing { services.logger.error("stream leases not renewed: \(error)") }
                    failing = true
                }
            }
        }
    }
}
