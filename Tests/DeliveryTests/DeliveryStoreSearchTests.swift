import Foundation
import Testing

@testable import Delivery

/// The console's delivery search: by library, reader, item and state at a moment, newest first, on both backends.
@Suite struct DeliveryStoreSearchTests {
    @Test("Search by library, reader, item and each state", arguments: StoreBackend.allCases)
    func search(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let active = try await db.store.create(
            deliveryRequest(library: "harbin", asset: "asset-1", patron: Patron(id: "R-1"), ttlDays: 10, maxDownloads: 2),
            caps: .none, now: deliveryEpoch)
        let exhausted = try await db.store.create(
            deliveryRequest(library: "harbin", asset: "asset-2", patron: Patron(id: "R-2"), ttlDays: 10, maxDownloads: 1),
            caps: .none, now: deliveryEpoch + 60)
        _ = try await db.store.recordAccess(token: exhausted.token, client: "10.0.0.1", now: deliveryEpoch + 120)
        let expired = try await db.store.create(
            deliveryRequest(library: "qiqihar", asset: "asset-1", patron: Patron(id: "R-1"), ttlDays: 1),
            caps: .none, now: deliveryEpoch - 3 * 86_400)
        let revoked = try await db.store.create(
            deliveryRequest(library: "qiqihar", asset: "asset-3", patron: Patron(id: "R-3")), caps: .none, now: deliveryEpoch + 180)
        _ = try await db.store.revoke(id: revoked.id, library: nil, now: deliveryEpoch + 240)
        let now = deliveryEpoch + 300

        func ids(_ search: DeliverySearch) async throws -> [String] {
            try await db.store.search(search, limit: 100).map(\.id)
        }
        #expect(try await ids(DeliverySearch(now: now)) == [revoked.id, exhausted.id, active.id, expired.id])
        #expect(try await ids(DeliverySearch(library: "harbin", now: now)) == [exhausted.id, active.id])
        #expect(try await ids(DeliverySearch(patron: "R-1", now: now)) == [active.id, expired.id])
        #expect(try await ids(DeliverySearch(asset: "asset-1", now: now)) == [active.id, expired.id])
        #expect(try await ids(DeliverySearch(library: "qiqihar", patron: "R-1", now: now)) == [expired.id])
        for (state, expected) in [(DeliveryState.active, active.id), (.exhausted, exhausted.id), (.expired, expired.id), (.revoked, revoked.id)] {
            let found = try await db.store.search(DeliverySearch(state: state, now: now), limit: 100)
            #expect(found.map(\.id) == [expected], "\(state)")
            #expect(found.allSatisfy { $0.state(at: now) == state })
        }
        #expect(try await ids(DeliverySearch(library: "mudanjiang", now: now)).isEmpty)
        #expect(try await db.store.search(DeliverySearch(now: now), limit: 2).count == 2)
    }
}
