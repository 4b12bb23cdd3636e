import Foundation
import Logging
import PostgresNIO
import PostgresStore
import ServiceLifecycle

/// In a network of nodes, listens for deliveries revoked through any node (`NOTIFY gateway_revocations`, sent by
/// ``PostgresDeliveryStore``) and forgets their download windows and cached rows here at once, so a download under way
/// stops on this node at its next request. Without the listener (the database away, a notification lost between a
/// dropped connection and the next `LISTEN`) a revocation still holds within a second: cached delivery rows are read
/// again after ``DeliveryWindows/rowLifetime``, which is the catch-up after a reconnect.
struct RevocationListener: Service {
    let services: GatewayServices
    let database: SharedDatabase
    static let channel = "gateway_revocations"

    func run() async throws {
        let windows = services.deliveryWindows, logger = services.logger
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await database.client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            for try await notification in notifications {
                                windows.forget(deliveryID: notification.payload)
                            }
                        }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("revocation listener reconnecting: \(SharedDatabase.describe(error))")
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
