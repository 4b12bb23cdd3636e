public import Hummingbird
import HummingbirdCore
import Audit
import Delivery
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import PostgresStore
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
        router.get("/healthz") { request, context -> Response in
            try StatusBody().jsonResponse(request: request, context: context)
        }
        // Every route that serves or refuses an item's bytes goes through this one pipeline (as the fast path does).
        let pipeline = ContentPipeline(services: services)
        let authenticator = pipeline.authenticator
        AssetRoutes(services: services, pipeline: pipeline).register(on: router)
        MediaRoutes(services: services, media: services.media, pipeline: pipeline).register(on: router)
        PatronDeliveryRoutes(services: services, pipeline: pipeline).register(on: router)
        DeliveryRoutes(services: services, pipeline: pipeline).register(on: router)
        AdminRoutes(services: services, authenticator: authenticator).register(on: router)
        ConsoleRoutes(services: services).register(on: router)
        MetricsRoute(services: services, authenticator: authenticator).register(on: router)
        LinkRoutes(services: services, authenticator: authenticator).register(on: router)
        SushiRoutes(services: services).register(on: router)
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
            ] + (services.storage.shared.map { shared in
                [
                    .init(service: NodeHeartbeat(services: services, registry: NodeRegistry(database: shared)),
                        successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                    .init(service: RevocationListener(services: services, database: shared),
                        successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                    .init(service: StreamLeaseRenewer(services: services),
                        successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                ]
            } ?? []),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: services.logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(services.configuration.shutdownGraceSeconds)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
    }
}
