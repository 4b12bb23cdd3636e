import Foundation
import Testing

@testable import Delivery

@Suite struct DeliveryStoreLookupTests {
    @Test("Unknown and malformed tokens find nothing", arguments: StoreBackend.allCases)
    func unknownTokens(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
        #expect(try await db.store.delivery(token: DeliveryToken.generate()) == nil)
        #expect(try await db.store.delivery(token: "") == nil)
        #expect(try await db.store.delivery(token: String(repeating: "A", count: 1_000_000)) == nil)
        #expect(try await db.store.delivery(token: created.token + "A") == nil)
        #expect(try await db.store.delivery(token: String(created.token.dropLast())) == nil)
        #expect(try await db.store.delivery(token: "' OR 1=1 --") == nil)
        // The hash, or the id, is not the token.
        #expect(try await db.store.delivery(token: DeliveryToken.hash(created.token)) == nil)
        #expect(try await db.store.delivery(token: created.id) == nil)
        #expect(try await db.store.delivery(token: created.token) != nil)
    }

    @Test("A library sees only its own deliveries; an administrator sees all", arguments: StoreBackend.allCases)
    func libraryScope(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let harbin = try await db.store.create(deliveryRequest(library: "harbin"), caps: .none, now: deliveryEpoch)
        #expect(try await db.store.delivery(id: harbin.id, library: "harbin") == harbin.delivery)
        #expect(try await db.store.delivery(id: harbin.id, library: "qiqihar") == nil)
        #expect(try await db.store.delivery(id: harbin.id) == harbin.delivery)
        #expect(try await db.store.delivery(id: "dlv_aaaaaaaaaaaaaaaa") == nil)
        #expect(try await db.store.delivery(id: "not an id") == nil)
    }

    @Test("Lists are newest first, per library or for all, and limited", arguments: StoreBackend.allCases)
    func lists(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        var made: [(library: String, id: String)] = []
        for i in 0..<6 {
            let library = i % 2 == 0 ? "harbin" : "qiqihar"
            let created = try await db.store.create(
                deliveryRequest(library: library), caps: .none, now: deliveryEpoch.addingTimeInterval(Double(i) * 60))
            made.append((library, created.id))
        }
        // Two in the same millisecond keep their insertion order (newest first).
        let same1 = try await db.store.create(
            deliveryRequest(library: "daqing"), caps: .none, now: deliveryEpoch.addingTimeInterval(999))
        let same2 = try await db.store.create(
            deliveryRequest(library: "daqing"), caps: .none, now: deliveryEpoch.addingTimeInterval(999))

        let newestFirst = made.reversed().map(\.id)
        #expect(try await db.store.list(library: nil).map(\.id) == [same2.id, same1.id] + newestFirst)
        #expect(
            try await db.store.list(library: "harbin").map(\.id)
                == newestFirst.filter { id in
                    made.first { $0.id == id }?.library == "harbin"
                })
        #expect(try await db.store.list(library: "qiqihar", limit: 2).map(\.id) == [made[5].id, made[3].id])
        #expect(try await db.store.list(library: "mudanjiang").isEmpty)
        #expect(try await db.store.list(library: nil, limit: 0).isEmpty)
        #expect(try await db.store.list(library: nil, limit: -3).isEmpty)
    }

    @Test("Revoking is immediate, idempotent and limited to the owning library", arguments: StoreBackend.allCases)
    func revoke(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(library: "harbin"), caps: .none, now: deliveryEpoch)
        let first = deliveryEpoch.addingTimeInterval(100)

        #expect(try await db.store.revoke(id: created.id, library: "qiqihar", now: first) == nil)
        #expect(try await db.store.delivery(id: created.id)?.revokedAt == nil)

        let revoked = try #require(try await db.store.revoke(id: created.id, library: "harbin", now: first))
        #expect(revoked.revokedAt == first)
        #expect(revoked.state(at: first) == .revoked)
        #expect(try await db.store.delivery(token: created.token)?.state(at: first) == .revoked)

        // Again, later, by an administrator: nothing changes.
        let again = try await db.store.revoke(id: created.id, now: first.addingTimeInterval(500))
        #expect(again == revoked)

        #expect(try await db.store.revoke(id: "dlv_aaaaaaaaaaaaaaaa") == nil)
        #expect(try await db.store.revoke(id: "junk") == nil)
    }
}
