public import Hummingbird
import HummingbirdCore
import Audit
import Delivery
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Wires the gateway's routes and middleware into a Hummingbird application.
public enum GatewayApplication {
    /// The router with every route of the HTTP contract implemented so far.
    public static func makeRouter(services: GatewayServices) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: services.configuration.trustedProxies))
        router.add(middleware: RequestMetricsMiddleware(metrics: services.metrics))
        router.add(middleware: ErrorBodyMiddleware())
        router.add(middleware: BodilessReadMiddleware())
        router.get("/healthz") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"# + "\n")))
        }
        let authenticator = LinkAuthenticator(keyRing: services.keyRing, apiKeys: services.apiKeys)
        AssetRoutes(services: services, authenticator: authenticator).register(on: router)
        MediaRoutes(services: services, media: services.media, authenticator: authenticator).register(on: router)
        AdminRoutes(services: services, authenticator: authenticator).register(on: router)
        MetricsRoute(services: services, authenticator: authenticator).register(on: router)
        DeliveryRoutes(services: services, authenticator: authenticator).register(on: router)
        PatronDeliveryRoutes(services: services).register(on: router)
        LinkRoutes(services: services, authenticator: authenticator).register(on: router)
        router.get("/openapi.yaml") { _, _ -> Response in
            guard let text = services.openapi else { throw GatewayError.notFound("This gateway has no OpenAPI file.") }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// The application listening where the configuration says.
    public static func make(services: GatewayServices, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let configuration = services.configuration
        let fastPath = ContentFastPath(services: services)
        return Application(
            router: makeRouter(services: services),
            server: HTTPServerBuilder { responder in
                GatewayHTTP1Channel(
                    base: HTTP1Channel(responder: responder), fastPath: fastPath,
                    timeouts: .init(
                        requestHead: .seconds(Int64(configuration.requestHeadTimeoutSeconds)),
                        keepalive: .seconds(Int64(configuration.keepaliveTimeoutSeconds)),
                        send: .seconds(Int64(configuration.sendTimeoutSeconds))))
            },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "literature-gateway"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                services.boundPort.set(port)
                await onServerRunning(port)
            },
            logger: services.logger)
    }

    /// Runs the server until SIGTERM or SIGINT; in-flight downloads then get the configured grace period.
    public static func run(services: GatewayServices, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let app = make(services: services, onServerRunning: onServerRunning)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: app, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: PolicyWatcher(policies: services.policies), successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                .init(service: Housekeeping(services: services), successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: services.logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(services.configuration.shutdownGraceSeconds)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
    }
}

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
