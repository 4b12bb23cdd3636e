import Access
import AssetStore
import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import GatewayServer

/// A rule added in one place — a ``ContentRule`` given to the services — is enforced on every way to the bytes: the
/// original, a delivery link, the metadata, renditions and HLS through the router, and the sendfile fast path. They
/// all decide through `ContentPipeline.decide`.
@Suite struct ContentPipelineRuleTests {
    /// A rule that refuses everything while switched on.
    final class Switch: ContentRule {
        let on = Atomic<Bool>(false)
        var name: String { "test-switch" }

        func refusal(for question: ContentQuestion) -> ContentRefusal? {
            guard on.load(ordering: .relaxed) else { return nil }
            return ContentRefusal(status: .forbidden, code: "switched_off", message: "Switched off by a test rule.")
        }
    }

    @Test func aNewRuleHoldsOnEveryPath() async throws {
        let rule = Switch()
        let gateway = try await TestGateway(rules: [rule])
        let created = try await gateway.services.deliveries.create(
            NewDelivery(library: "harbin", assetID: gateway.asset.id, patron: Patron(id: "R-1", name: nil, email: nil)),
            caps: DeliveryCaps(maxTTLDays: nil, maxDownloads: nil))
        let delivered = created.linkPath + "/content"
        let query = gateway.query(action: .download)
        let paths = [
            "/assets/\(gateway.asset.id)/content?\(query)",
            delivered,
            "/assets/\(gateway.asset.id)?\(query)",
            "/assets/\(gateway.asset.id)/renditions/audio-aac-96k?\(query)",
            "/assets/\(gateway.asset.id)/hls/audio-aac-96k/index.m3u8?\(query)",
            "/assets/\(gateway.asset.id)/hls/audio-aac-96k/0.ts?\(query)",
        ]
        try await gateway.app.test(.router) { client in
            // Switched off: the bytes are served; the document has no renditions (422).
            for _ in 0..<2 {
                for path in paths.prefix(2) {
                    try await client.execute(uri: path, method: .get, headers: [.range: "bytes=0-9"]) { response in
                        #expect(response.status == .partialContent, "\(path)")
                    }
                }
            }
            try await client.execute(uri: paths[3], method: .get) { #expect($0.status == .unprocessableContent) }
            rule.on.store(true, ordering: .relaxed)
            for path in paths {
                try await client.execute(uri: path, method: .get, headers: [.range: "bytes=0-9"]) { response in
                    #expect(response.status == .forbidden, "\(path)")
                    #expect(String(buffer: response.body).contains("\"code\":\"switched_off\""), "\(path)")
                }
            }
        }
    }

    /// The fast path itself asks the pipeline: with everything in memory it would answer, and it declines as soon as
    /// the rule refuses (the router then answers the refusal).
    @Test func theFastPathAsksThePipeline() async throws {
        let rule = Switch()
        let gateway = try await TestGateway(rules: [rule])
        // What a first request through the router leaves in memory: the catalog row and the open descriptor.
        _ = try await gateway.services.asset(id: gateway.asset.id)
        let path = try #require(gateway.services.blobs.localPath(for: gateway.asset.sha256))
        let descriptor = try await gateway.services.responder.body.files.acquire(path: path)
        defer { descriptor.release() }
        let fastPath = ContentFastPath(services: gateway.services)
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: gateway.contentURI(action: .download))
        head.headers.add(name: "Range", value: "bytes=0-9")
        let client = ClientAddress(address: IPAddress("127.0.0.1"), viaProxy: false)
        var connection = ContentFastPath.ConnectionState()
        let admitted = fastPath.admit(head, client: client, connection: &connection)
        #expect(admitted != nil)
        admitted?.descriptor?.release()
        rule.on.store(true, ordering: .relaxed)
        #expect(fastPath.admit(head, client: client, connection: &connection) == nil)
        var fresh = ContentFastPath.ConnectionState()
        #expect(fastPath.admit(head, client: client, connection: &fresh) == nil)
    }
}
