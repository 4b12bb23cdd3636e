import Foundation
import GRDB
import Testing

@testable import Delivery

@Suite struct DeliveryStoreAccessTests {
    @Test("Requests from one client within the hour are one download; after the hour, another", arguments: StoreBackend.allCases)
    func sameClientWithinHour(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let t = created.token

        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch)) == "counted")
        for seconds in [0.5, 1, 60, 1800, 3599, 3599.5] {
            let outcome = try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch + seconds)
            #expect(outcomeName(outcome) == "continuing", "at +\(seconds) s")
            #expect(outcome.delivery?.downloadsUsed == 1)
            #expect(outcome.delivery?.lastAccessAt == deliveryEpoch + seconds)
            #expect(outcome.servesBytes)
        }
        #expect(try await db.store.delivery(token: t)?.downloadsUsed == 1)
        #expect(try await db.store.delivery(token: t)?.lastAccessAt == deliveryEpoch + 3599.5)

        // The window is one hour from the first request, not from the last.
        let second = try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch + 3600)
        #expect(outcomeName(second) == "counted")
        #expect(second.delivery?.downloadsUsed == 2)
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch + 3700))
                == "continuing")
        #expect(try await db.store.delivery(token: t)?.downloadsUsed == 2)
    }

    @Test("Another client's first request is a new download")
    func otherClient() async throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let t = created.token
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch)) == "counted")
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.2", now: deliveryEpoch + 1)) == "counted")
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "2001:db8::1", now: deliveryEpoch + 2)) == "counted"
        )
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.1", now: deliveryEpoch + 3)) == "continuing"
        )
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "10.0.0.2", now: deliveryEpoch + 4)) == "continuing"
        )
        #expect(try await db.store.delivery(token: t)?.downloadsUsed == 3)
        // One window per counted download, holding the client's address.
        let clients = try await db.database.read { db in
            try String.fetchAll(db, sql: "SELECT client FROM delivery_download ORDER BY id")
        }
        #expect(clients == ["10.0.0.1", "10.0.0.2", "2001:db8::1"])
    }

    @Test("Windows belong to one delivery: the same client on another delivery counts there", arguments: StoreBackend.allCases)
    func windowsPerDelivery(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let a = try await db.store.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
        let b = try await db.store.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
        #expect(
            outcomeName(try await db.store.recordAccess(token: a.token, client: "10.0.0.1", now: deliveryEpoch)) == "counted")
        #expect(
            outcomeName(try await db.store.recordAccess(token: b.token, client: "10.0.0.1", now: deliveryEpoch)) == "counted")
        #expect(try await db.store.delivery(id: a.id)?.downloadsUsed == 1)
        #expect(try await db.store.delivery(id: b.id)?.downloadsUsed == 1)
    }

    @Test("When the downloads are used up, new downloads are refused but one under way may finish", arguments: StoreBackend.allCases)
    func exhausted(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 2), caps: .none, now: deliveryEpoch)
        let t = created.token
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "a", now: deliveryEpoch)) == "counted")
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "b", now: deliveryEpoch + 10)) == "counted")

        let refused = try await db.store.recordAccess(token: t, client: "c", now: deliveryEpoch + 20)
        #expect(outcomeName(refused) == "exhausted")
        #expect(!refused.servesBytes)
        #expect(refused.delivery?.downloadsLeft == 0)
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "b", now: deliveryEpoch + 30)) == "continuing")
        // After its hour, even the same client is refused.
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "a", now: deliveryEpoch + 3600)) == "exhausted")
        let stored = try #require(try await db.store.delivery(token: t))
        #expect(stored.downloadsUsed == 2)
        #expect(stored.state(at: deliveryEpoch + 40) == .exhausted)
        // A refusal does not count as an access.
        #expect(stored.lastAccessAt == deliveryEpoch + 30)
    }

    @Test("An expired delivery serves nothing, even inside an open window", arguments: StoreBackend.allCases)
    func expired(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(ttlDays: 1), caps: .none, now: deliveryEpoch)
        let t = created.token
        let late = created.delivery.expiresAt - 10
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "a", now: late)) == "counted")
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "a", now: late + 9.5)) == "continuing")
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "a", now: late + 10)) == "expired")
        #expect(outcomeName(try await db.store.recordAccess(token: t, client: "b", now: late + 3600)) == "expired")
        #expect(try await db.store.delivery(token: t)?.downloadsUsed == 1)
    }

    @Test("After a revocation no request is served, not even to the client whose download is under way", arguments: StoreBackend.allCases)
    func revokedInFlight(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let t = created.token
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "viewer", now: deliveryEpoch)) == "counted")
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "viewer", now: deliveryEpoch + 1))
                == "continuing")

        _ = try await db.store.revoke(id: created.id, library: "harbin", now: deliveryEpoch + 2)

        let refused = try await db.store.recordAccess(token: t, client: "viewer", now: deliveryEpoch + 3)
        #expect(outcomeName(refused) == "revoked")
        #expect(refused.delivery?.revokedAt == deliveryEpoch + 2)
        #expect(
            outcomeName(try await db.store.recordAccess(token: t, client: "other", now: deliveryEpoch + 4)) == "revoked"
        )
        #expect(
            outcomeName(
                try await db.store.recordAccess(deliveryID: created.id, client: "viewer", now: deliveryEpoch + 5))
                == "revoked"
        )
        #expect(try await db.store.delivery(token: t)?.downloadsUsed == 1)
    }

    @Test("A revocation racing with a viewer's requests: once it commits, nothing more is served", arguments: StoreBackend.allCases)
    func revokeRacesRequests(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let store = db.store
        let token = created.token
        #expect(
            outcomeName(try await store.recordAccess(token: token, client: "viewer", now: deliveryEpoch)) == "counted")

        // 40 range requests from the viewer race with one revocation. Requests decided before the revocation
        // committed continue the download; every one decided after it is refused.
        let outcomes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<40 {
                group.addTask {
                    if i == 20 {
                        _ = try await store.revoke(id: created.id, now: deliveryEpoch + 1)
                        return (i, "revoke")
                    }
                    return (
                        i,
                        outcomeName(
                            try await store.recordAccess(token: token, client: "viewer", now: deliveryEpoch + 2))
                    )
                }
            }
            var all: [(Int, String)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let kinds = outcomes.map(\.1)
        #expect(kinds.allSatisfy { ["continuing", "revoked", "revoke"].contains($0) })
        // Afterwards, the link is dead for everyone.
        #expect(
            outcomeName(try await store.recordAccess(token: token, client: "viewer", now: deliveryEpoch + 3))
                == "revoked")
        #expect(try await store.delivery(token: token)?.downloadsUsed == 1)
        // And lastAccessAt was only moved by requests that were served.
        let served = kinds.filter { $0 == "continuing" }.count
        let lastAccess = try await store.delivery(token: token)?.lastAccessAt
        #expect(lastAccess == (served > 0 ? deliveryEpoch + 2 : deliveryEpoch))
    }

    @Test("Fifty parallel first requests against five downloads: exactly five are counted", arguments: StoreBackend.allCases)
    func concurrentCounting(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let store = db.store
        let token = created.token

        let outcomes = try await withThrowingTaskGroup(of: AccessOutcome.self) { group in
            for i in 0..<50 {
                group.addTask {
                    try await store.recordAccess(
                        token: token, client: "10.1.0.\(i)", now: deliveryEpoch + Double(i) / 100)
                }
            }
            var all: [AccessOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { outcomeName($0) == "counted" }.count == 5)
        #expect(outcomes.filter { outcomeName($0) == "exhausted" }.count == 45)
        // Each counted request saw a different count: 1, 2, 3, 4, 5.
        #expect(
            Set(outcomes.compactMap { if case .counted(let d) = $0 { d.downloadsUsed } else { nil } }) == [
                1, 2, 3, 4, 5,
            ])
        let stored = try #require(try await store.delivery(token: token))
        #expect(stored.downloadsUsed == 5)
        #expect(try db.count("delivery_download") == 5)
    }

    @Test("Two connections pools on one file (server and command line) still count exactly")
    func concurrentCountingAcrossPools() async throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try await db.store.create(deliveryRequest(maxDownloads: 5), caps: .none, now: deliveryEpoch)
        let stores = [db.sqlite, try SQLiteDeliveryStore(database: try db.openAgain())]
        let token = created.token

        let counted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<50 {
                let store = stores[i % 2]
                group.addTask {
                    // Blocking calls from many threads at once, half through each pool.
                    try Self.blockingAccess(store, token: token, client: "client-\(i)") == "counted"
                }
            }
            var total = 0
            for try await wasCounted in group where wasCounted { total += 1 }
            return total
        }
        #expect(counted == 5)
        #expect(try await db.store.delivery(token: token)?.downloadsUsed == 5)
    }

    /// The blocking form, which an async context would not choose by itself.
    static func blockingAccess(_ store: SQLiteDeliveryStore, token: String, client: String) throws -> String {
        outcomeName(try store.recordAccess(token: token, client: client, now: deliveryEpoch))
    }

    @Test("Access by delivery id follows the same rule; unknown tokens and ids are not found", arguments: StoreBackend.allCases)
    func byIDAndUnknown(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(deliveryRequest(maxDownloads: 1), caps: .none, now: deliveryEpoch)
        #expect(
            outcomeName(try await db.store.recordAccess(deliveryID: created.id, client: "a", now: deliveryEpoch)) == "counted"
        )
        #expect(
            outcomeName(try await db.store.recordAccess(token: created.token, client: "a", now: deliveryEpoch + 1))
                == "continuing")
        #expect(
            outcomeName(try await db.store.recordAccess(deliveryID: created.id, client: "b", now: deliveryEpoch + 2))
                == "exhausted")

        #expect(
            try await db.store.recordAccess(token: DeliveryToken.generate(), client: "a", now: deliveryEpoch) == .notFound)
        #expect(try await db.store.recordAccess(token: "nonsense", client: "a", now: deliveryEpoch) == .notFound)
        #expect(try await db.store.recordAccess(token: String(repeating: "x", count: 65536), client: "a") == .notFound)
        #expect(
            try await db.store.recordAccess(deliveryID: "dlv_aaaaaaaaaaaaaaaa", client: "a", now: deliveryEpoch) == .notFound)
        #expect(try await db.store.recordAccess(deliveryID: "", client: "a", now: deliveryEpoch) == .notFound)
        #expect(AccessOutcome.notFound.delivery == nil && !AccessOutcome.notFound.servesBytes)
    }
}
