import Access
import AssetStore
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import Logging

/// A gateway over a temporary data directory with one signing key and one ingested document.
struct TestGateway {
    let services: GatewayServices
    let key: SigningKey
    let asset: Asset
    let bytes: [UInt8]

    init(bytes: [UInt8]? = nil, fileName: String = "黑龙江地方志 第1卷.pdf", rules: [any ContentRule] = []) async throws {
        var configuration = GatewayConfiguration()
        configuration.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(UUID().uuidString)").path
        configuration.devKeysFile = "/nonexistent"
        let policies = configuration.dataDir + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: policies + "/10-test.yaml",
            contents: Data("rules:\n  - id: allow-all\n    effect: allow\n    actions: all\n    subjects: anyone\n".utf8))
        configuration.policiesDir = policies
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        configuration.port = 0
        services = try await GatewayServices.open(configuration: configuration, logger: logger, rules: rules)
        key = try SigningKeyFile(path: configuration.paths.signingKeys).addKey(library: "harbin")
        let defaultContent: [UInt8] = Array("%PDF-1.4\n".utf8) + (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let content: [UInt8] = bytes ?? defaultContent
        self.bytes = content
        let source = configuration.paths.root + "/" + fileName
        _ = FileManager.default.createFile(atPath: source, contents: Data(content))
        asset = try await AssetIngestor(catalog: services.catalog, blobs: services.blobs).ingest(
            fileAt: source, metadata: .init(collection: "local-docs", ownerLibrary: "harbin", rights: .inCopyright))
    }

    var app: some ApplicationProtocol {
        Application(router: GatewayApplication.makeRouter(services: services))
    }

    /// A signed query string for this gateway's asset.
    func query(action: LinkAction = .read, expiresIn: Int64 = 3600, assetID: String? = nil, ip: String? = nil) -> String {
        let link = SignedLink(
            assetID: assetID ?? asset.id, subject: "patron-1", library: "harbin", action: action,
            expires: Int64(Date().timeIntervalSince1970) + expiresIn, keyID: key.id, boundNetwork: ip)
        return link.queryString(secret: key.secretBytes!)
    }

    func contentURI(action: LinkAction = .read) -> String {
        "/assets/\(asset.id)/content?\(query(action: action))"
    }
}
