import Testing

@testable import GatewayServer

/// `concurrent_streams`: one stream per item being sent, held while responses are in flight.
@Suite struct StreamRegistryTests {
    @Test func responsesForTheSameItemShareOneStream() {
        let registry = StreamRegistry()
        #expect(registry.begin(subject: "s", assetID: "a", limit: 1) == nil)
        #expect(registry.begin(subject: "s", assetID: "a", limit: 1) == nil)
        #expect(registry.openStreams(subject: "s") == 1)
        // A second item is refused while the first is being sent, with the grace period as the wait.
        #expect(registry.begin(subject: "s", assetID: "b", limit: 1) == StreamRegistry.graceSeconds)
        // Other subjects are not affected.
        #expect(registry.begin(subject: "t", assetID: "b", limit: 1) == nil)
        registry.end(subject: "s", assetID: "a")
        registry.end(subject: "s", assetID: "a")
        // Just ended: still open for the grace period (the gap between two HLS segments).
        #expect(registry.begin(subject: "s", assetID: "b", limit: 1) == StreamRegistry.graceSeconds)
        #expect(registry.begin(subject: "s", assetID: "b", limit: 2) == nil)
        #expect(registry.openStreams(subject: "s") == 2)
    }

    @Test func concurrentBeginsNeverExceedTheLimit() async {
        let registry = StreamRegistry()
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 { group.addTask { registry.begin(subject: "s", assetID: "item-\(i)", limit: 3) == nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 3)
        #expect(registry.openStreams(subject: "s") == 3)
    }
}
