import Foundation
import GatewayServer
import Logging
import Testing

/// Development keys (`Config/dev-keys.yaml`) are accepted only while the server listens on loopback.
@Suite struct DevelopmentKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func services(host: String) throws -> GatewayServices {
        var configuration = GatewayConfiguration()
        configuration.host = host
        configuration.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(UUID().uuidString)").path
        configuration.devKeysFile = Self.root + "/Config/dev-keys.yaml"
        configuration.policiesDir = Self.root + "/Policies"
        configuration.transcodeProfilesDir = Self.root + "/Transcode"
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // Opening does not bind: the host is only compared, so a documentation address is safe here.
        return try GatewayServices.open(configuration: configuration, logger: logger)
    }

    @Test func acceptedOnLoopback() throws {
        #expect(try services(host: "127.0.0.1").keyRing.key(id: "dev-demo") != nil)
        #expect(try services(host: "::1").keyRing.key(id: "dev-demo") != nil)
    }

    @Test func refusedOtherwise() throws {
        #expect(try services(host: "192.0.2.10").keyRing.key(id: "dev-demo") == nil)
        #expect(try services(host: "0.0.0.0").keyRing.key(id: "dev-demo") == nil)
    }
}
