import Audit
import Delivery
import Foundation
import Logging
import ServiceLifecycle

/// Daily housekeeping, at start and then every day: audit records older than `audit_retention_days`, download
/// windows of past days, and deliveries whose link ended more than `delivery_retention_days` ago (their tokens and
/// patron details; the audit log's counts stay).
struct Housekeeping: Service {
    let services: GatewayServices

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep(now: Date())
                try await Task.sleep(for: .seconds(86_400))
            }
        }
    }

    func sweep(now: Date) async {
        let configuration = services.configuration, logger = services.logger
        func purge(_ what: String, days: Int, _ body: (Date) async throws -> Int) async {
            guard days > 0 else { return }
            do {
                let purged = try await body(now.addingTimeInterval(-Double(days) * 86_400))
                if purged > 0 { logger.notice("\(what) retention", metadata: ["purged": "\(purged)", "days": "\(days)"]) }
            } catch {
                logger.error("\(what) purge failed: \(error)")
            }
        }
        await purge("audit", days: configuration.auditRetentionDays) { try await services.audit.purge(olderThan: $0) }
        await purge("download window", days: 2) { try await services.quotas.downloads.purge(olderThan: $0) }
        await purge("delivery", days: configuration.deliveryRetentionDays) { try await services.deliveries.purge(olderThan: $0) }
    }
}
