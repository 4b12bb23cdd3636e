import Foundation
import Testing

@testable import Delivery

@Suite struct DeliveryStorePurgeTests {
    @Test("Purge deletes deliveries that stopped working before the cutoff, with their windows, and nothing else")
    func purge() async throws {
        let db = try TemporaryDeliveryDatabase()
        // Expires day 1; expires day 10; made day 0 with 30 days but revoked on day 2; expires day 30.
        let early = try await db.store.create(
            deliveryRequest(patron: Patron(id: "early", name: "E")), caps: .none, now: deliveryEpoch)
        let shortened = try await db.store.create(deliveryRequest(ttlDays: 10), caps: .none, now: deliveryEpoch)
        let revoked = try await db.store.create(
            deliveryRequest(patron: Patron(id: "revoked", email: "r@example.org"), ttlDays: 30),
            caps: .none, now: deliveryEpoch)
        let live = try await db.store.create(deliveryRequest(ttlDays: 30), caps: .none, now: deliveryEpoch)
        let early1 = try await db.store.create(deliveryRequest(ttlDays: 1), caps: .none, now: deliveryEpoch)
        _ = early
        for created in [early1, shortened, revoked, live] {
            _ = try await db.store.recordAccess(token: created.token, client: "10.0.0.1", now: deliveryEpoch + 60)
        }
        _ = try await db.store.revoke(id: revoked.id, now: deliveryEpoch + 2 * 86400)
        #expect(try db.count("delivery_download") == 4)

        // Cutoff on day 5: the one-day delivery and the revoked one go (early, made with the 14-day default, stays).
        let removed = try await db.store.purge(olderThan: deliveryEpoch + 5 * 86400)
        #expect(removed == 2)
        #expect(try await db.store.delivery(id: early1.id) == nil)
        #expect(try await db.store.delivery(token: early1.token) == nil)
        #expect(try await db.store.delivery(id: revoked.id) == nil)
        #expect(
            try await db.store.recordAccess(token: revoked.token, client: "10.0.0.1", now: deliveryEpoch + 6 * 86400)
                == .notFound)
        #expect(try db.count("delivery_download") == 2)
        // No patron detail of a purged delivery is left anywhere.
        let texts = try db.allStoredText()
        #expect(!texts.contains("revoked") && !texts.contains("r@example.org"))
        #expect(!texts.contains(DeliveryToken.hash(revoked.token)))

        // Purging again with the same cutoff removes nothing more.
        #expect(try await db.store.purge(olderThan: deliveryEpoch + 5 * 86400) == 0)

        // A delivery expiring exactly at the cutoff stays; one millisecond later it goes.
        #expect(try await db.store.purge(olderThan: shortened.delivery.expiresAt) == 0)
        #expect(try await db.store.delivery(id: shortened.id) != nil)
        #expect(try await db.store.purge(olderThan: shortened.delivery.expiresAt + 0.001) == 1)
        #expect(try await db.store.delivery(id: shortened.id) == nil)

        #expect(try await db.store.list(library: nil).map(\.id).sorted() == [early.id, live.id].sorted())
        #expect(try db.count("delivery_download") == 1)
    }
}
