import Access
import Foundation
import GatewayServer
import Logging
import Testing

/// Development keys (`Config/dev-keys.yaml`, public) are loaded only by `gateway serve --demo`, on loopback, with no
/// trusted proxies: the default configuration never accepts them, whatever address the server listens on.
@Suite struct DevelopmentKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func services(host: String, demo: Bool, trustedProxies: String = "") async throws -> GatewayServices {
        var configuration = GatewayConfiguration()
        configuration.host = host
        configuration.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(UUID().uuidString)").path
        configuration.devKeysFile = Self.root + "/Config/dev-keys.yaml"
        configuration.policiesDir = Self.root + "/Policies"
        configuration.transcodeProfilesDir = Self.root + "/Transcode"
        configuration.trustedProxies = try TrustedProxies.parse(trustedProxies).get()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // Opening does not bind: the host is only compared, so a documentation address is safe here.
        return try await GatewayServices.open(configuration: configuration, logger: logger, demo: demo)
    }

    @Test func neverLoadedWithoutDemo() async throws {
        #expect(try await services(host: "127.0.0.1", demo: false).keyRing.key(id: "dev-demo") == nil)
        #expect(try await services(host: "::1", demo: false).keyRing.key(id: "dev-demo") == nil)
        #expect(try await services(host: "192.0.2.10", demo: false).keyRing.key(id: "dev-demo") == nil)
    }

    @Test func loadedWithDemoOnLoopback() async throws {
        #expect(try await services(host: "127.0.0.1", demo: true).keyRing.key(id: "dev-demo") != nil)
        #expect(try await services(host: "::1", demo: true).keyRing.key(id: "dev-demo") != nil)
    }

    @Test func demoRefusesToStartOffLoopbackOrBehindAProxy() async throws {
        await #expect(throws: ConfigurationError.self) { try await services(host: "0.0.0.0", demo: true) }
        await #expect(throws: ConfigurationError.self) { try await services(host: "192.0.2.10", demo: true) }
        await #expect(throws: ConfigurationError.self) { try await services(host: "127.0.0.1", demo: true, trustedProxies: "127.0.0.1/32") }
    }

    @Test func theShippedConfigurationDoesNotAskForDemo() async throws {
        // The checkout's own Config/gateway.yaml, as a plain `gateway serve` reads it.
        let configuration = try GatewayConfiguration.load(path: Self.root + "/Config/gateway.yaml", environment: [:])
        #expect(configuration.trustedProxies.isEmpty)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var isolated = configuration
        isolated.baseDirectory = Self.root
        isolated.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(UUID().uuidString)").path
        #expect(try await GatewayServices.open(configuration: isolated, logger: logger).keyRing.key(id: "dev-demo") == nil)
    }
}
