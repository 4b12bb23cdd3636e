import Foundation
import GatewayServer
import Testing

@Suite struct ConfigurationTests {
    func write(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(UUID().uuidString).yaml").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func environmentWinsOverTheFile() throws {
        let path = write("port: 9000\ndata_dir: /srv/a\n")
        let configuration = try GatewayConfiguration.load(
            path: path, environment: ["GATEWAY_PORT": "9100", "GATEWAY_CACHE_MEMORY_BYTES": "1048576"])
        #expect(configuration.port == 9100)
        #expect(configuration.dataDir == "/srv/a")
        #expect(configuration.cacheMemoryBytes == 1_048_576)
    }

    @Test func unknownKeyIsReportedWithPositionAndSuggestion() throws {
        let path = write("port: 9000\ndata_dri: /srv/a\n")
        do {
            _ = try GatewayConfiguration.load(path: path, environment: [:])
            Issue.record("unknown key accepted")
        } catch let error as ConfigurationError {
            #expect(error.description == "\(path):2:1: unknown key 'data_dri' (did you mean 'data_dir'?)")
        }
    }

    @Test func auditSwitchTakesBooleansOnly() throws {
        #expect(try GatewayConfiguration.load(path: nil, environment: [:]).auditEnabled)
        #expect(try !GatewayConfiguration.load(path: nil, environment: ["GATEWAY_AUDIT_ENABLED": "false"]).auditEnabled)
        do {
            _ = try GatewayConfiguration.load(path: nil, environment: ["GATEWAY_AUDIT_ENABLED": "maybe"])
            Issue.record("a non-boolean was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description == "environment variable GATEWAY_AUDIT_ENABLED: 'audit_enabled' must be true or false, not 'maybe'")
        }
    }

    @Test func badNumberIsReported() throws {
        #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration.load(path: nil, environment: ["GATEWAY_PORT": "eighty"])
        }
    }

    @Test func shippedConfigurationLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try GatewayConfiguration.load(path: root.path + "/Config/gateway.yaml", environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.listensOnLoopback)
    }
}
