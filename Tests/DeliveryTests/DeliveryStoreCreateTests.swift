import Foundation
import GRDB
import Testing

@testable import Delivery

@Suite struct DeliveryStoreCreateTests {
    @Test("A delivery records what was asked, with the defaults when nothing is asked", arguments: StoreBackend.allCases)
    func createsWithDefaults(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let patron = Patron(id: "card-0042", name: "Li Wei", email: "li.wei@example.org")
        let created = try await db.store.create(
            deliveryRequest(patron: patron, note: "Chapter 3 as requested"), caps: .none, now: deliveryEpoch)

        #expect(created.ttlDays == DeliveryLimits.defaultTTLDays)
        #expect(created.maxDownloads == DeliveryLimits.defaultMaxDownloads)
        #expect(!created.ttlDaysCapped && !created.maxDownloadsCapped)
        let d = created.delivery
        #expect(d.id == created.id)
        #expect(d.library == "harbin" && d.assetID == "asset-1")
        #expect(d.patronID == "card-0042" && d.patronName == "Li Wei" && d.patronEmail == "li.wei@example.org")
        #expect(d.note == "Chapter 3 as requested")
        #expect(d.createdAt == deliveryEpoch)
        #expect(d.expiresAt == deliveryEpoch.addingTimeInterval(14 * 86400))
        #expect(d.downloadsUsed == 0 && d.downloadsLeft == 5)
        #expect(d.lastAccessAt == nil && d.revokedAt == nil)
        #expect(d.state(at: deliveryEpoch) == .active)
        #expect(created.linkPath == "/d/" + created.token)

        // What was returned is what is stored.
        #expect(try await db.store.delivery(id: created.id) == d)
        #expect(try await db.store.delivery(token: created.token) == d)
    }

    @Test("The async forms record and read the same deliveries", arguments: StoreBackend.allCases)
    func asyncForms(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let created = try await db.store.create(
            deliveryRequest(ttlDays: 3, maxDownloads: 2), caps: .none, now: deliveryEpoch)
        #expect(try await db.store.delivery(token: created.token) == created.delivery)
        #expect(try await db.store.delivery(id: created.id, library: "harbin") == created.delivery)
        #expect(try await db.store.list(library: "harbin").map(\.id) == [created.id])
        let revoked = try await db.store.revoke(id: created.id, now: deliveryEpoch.addingTimeInterval(60))
        #expect(revoked?.revokedAt == deliveryEpoch.addingTimeInterval(60))
        #expect(try await db.store.purge(olderThan: deliveryEpoch.addingTimeInterval(120)) == 1)
    }

    struct CapCase: Sendable, CustomTestStringConvertible {
        var requestedTTL: Int?
        var requestedDownloads: Int?
        var caps: DeliveryCaps
        var ttl: Int
        var ttlCapped: Bool
        var downloads: Int
        var downloadsCapped: Bool
        var testDescription: String {
            func text(_ value: Int?, _ absent: String) -> String { value.map(String.init) ?? absent }
            return "ttl \(text(requestedTTL, "-")) / downloads \(text(requestedDownloads, "-")) "
                + "under caps \(text(caps.maxTTLDays, "none"))/\(text(caps.maxDownloads, "none"))"
        }
    }

    static let capCases: [CapCase] = [
        // Within the caps: as asked.
        CapCase(
            requestedTTL: 7, requestedDownloads: 3, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 7, ttlCapped: false, downloads: 3, downloadsCapped: false),
        // Exactly at the caps: not capped.
        CapCase(
            requestedTTL: 30, requestedDownloads: 5, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 30, ttlCapped: false, downloads: 5, downloadsCapped: false),
        // Above the caps: lowered, and said so.
        CapCase(
            requestedTTL: 90, requestedDownloads: 50, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 30, ttlCapped: true, downloads: 5, downloadsCapped: true),
        CapCase(
            requestedTTL: Int.max, requestedDownloads: Int.max, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 30, ttlCapped: true, downloads: 5, downloadsCapped: true),
        // Only one value capped.
        CapCase(
            requestedTTL: 31, requestedDownloads: 2, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 30, ttlCapped: true, downloads: 2, downloadsCapped: false),
        // Nothing asked: the defaults, lowered to smaller caps without counting as capped.
        CapCase(
            requestedTTL: nil, requestedDownloads: nil, caps: .init(maxTTLDays: 30, maxDownloads: 5),
            ttl: 14, ttlCapped: false, downloads: 5, downloadsCapped: false),
        CapCase(
            requestedTTL: nil, requestedDownloads: nil, caps: .init(maxTTLDays: 7, maxDownloads: 2),
            ttl: 7, ttlCapped: false, downloads: 2, downloadsCapped: false),
        // No policy caps: the store's ceilings still hold.
        CapCase(
            requestedTTL: 400, requestedDownloads: 40, caps: .none,
            ttl: 400, ttlCapped: false, downloads: 40, downloadsCapped: false),
        CapCase(
            requestedTTL: Int.max, requestedDownloads: Int.max, caps: .none,
            ttl: DeliveryLimits.ceilingTTLDays, ttlCapped: true,
            downloads: DeliveryLimits.ceilingMaxDownloads, downloadsCapped: true),
        // A policy cap above the ceiling does not lift it.
        CapCase(
            requestedTTL: 5000, requestedDownloads: 5000, caps: .init(maxTTLDays: 9999, maxDownloads: 9999),
            ttl: DeliveryLimits.ceilingTTLDays, ttlCapped: true,
            downloads: DeliveryLimits.ceilingMaxDownloads, downloadsCapped: true),
    ]

    @Test("Policy caps lower requested values and the result says which", arguments: capCases)
    func caps(_ c: CapCase) async throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try await db.store.create(
            deliveryRequest(ttlDays: c.requestedTTL, maxDownloads: c.requestedDownloads), caps: c.caps,
            now: deliveryEpoch)
        #expect(created.ttlDays == c.ttl)
        #expect(created.ttlDaysCapped == c.ttlCapped)
        #expect(created.maxDownloads == c.downloads)
        #expect(created.maxDownloadsCapped == c.downloadsCapped)
        #expect(created.delivery.maxDownloads == c.downloads)
        #expect(created.delivery.expiresAt == deliveryEpoch.addingTimeInterval(Double(c.ttl) * 86400))
        #expect(try await db.store.delivery(id: created.id)?.expiresAt == created.delivery.expiresAt)
    }

    @Test(
        "Zero or negative lifetimes and download counts are refused",
        arguments: [
            (0, 1, "invalid_ttl_days"), (-1, 1, "invalid_ttl_days"), (Int.min, 1, "invalid_ttl_days"),
            (1, 0, "invalid_max_downloads"), (1, -5, "invalid_max_downloads"),
            (1, Int.min, "invalid_max_downloads"),
        ])
    func refusesNonPositive(ttl: Int, downloads: Int, code: String) async throws {
        let db = try TemporaryDeliveryDatabase()
        let error = await #expect(throws: DeliveryError.self) {
            try await db.store.create(deliveryRequest(ttlDays: ttl, maxDownloads: downloads), caps: .none, now: deliveryEpoch)
        }
        #expect(error?.code == code)
        #expect(error?.isForbiddenByPolicy == false)
        #expect(error?.message.contains("at least 1") == true)
        #expect(try db.count("delivery") == 0)
    }

    @Test(
        "A policy cap of zero forbids the delivery",
        arguments: [
            DeliveryCaps(maxTTLDays: 0, maxDownloads: 5), DeliveryCaps(maxTTLDays: 30, maxDownloads: 0),
        ])
    func zeroCapForbids(caps: DeliveryCaps) async throws {
        let db = try TemporaryDeliveryDatabase()
        let error = await #expect(throws: DeliveryError.self) {
            try await db.store.create(deliveryRequest(), caps: caps, now: deliveryEpoch)
        }
        #expect(error?.code == "delivery_not_permitted")
        #expect(error?.isForbiddenByPolicy == true)
        #expect(try db.count("delivery") == 0)
    }

    static let badFields: [(NewDelivery, String)] = [
        (deliveryRequest(library: ""), "invalid_library"),
        (deliveryRequest(asset: "  "), "invalid_asset"),
        (deliveryRequest(asset: String(repeating: "a", count: 201)), "invalid_asset"),
        (deliveryRequest(patron: Patron(id: "")), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: " \t")), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: String(repeating: "7", count: 201))), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: "card\n42")), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: "card\u{0}42")), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: "card\u{202E}24")), "invalid_patron_id"),
        (deliveryRequest(patron: Patron(id: "c", name: String(repeating: "名", count: 201))), "invalid_patron_name"),
        (deliveryRequest(patron: Patron(id: "c", name: "Li\u{1B}[31mWei")), "invalid_patron_name"),
        (deliveryRequest(patron: Patron(id: "c", name: "Li\u{85}Wei")), "invalid_patron_name"),
        (deliveryRequest(patron: Patron(id: "c", email: "not-an-address")), "invalid_patron_email"),
        (deliveryRequest(patron: Patron(id: "c", email: "@example.org")), "invalid_patron_email"),
        (deliveryRequest(patron: Patron(id: "c", email: "li@")), "invalid_patron_email"),
        (deliveryRequest(patron: Patron(id: "c", email: "li wei@example.org")), "invalid_patron_email"),
        (
            deliveryRequest(patron: Patron(id: "c", email: "li@" + String(repeating: "x", count: 318))),
            "invalid_patron_email"
        ),
        (deliveryRequest(note: String(repeating: "n", count: 2001)), "invalid_note"),
        (deliveryRequest(note: "see\u{7}you"), "invalid_note"),
        (deliveryRequest(note: "line\u{2028}separator"), "invalid_note"),
    ]

    @Test("Bad text fields are refused with the field's code", arguments: badFields)
    func refusesBadFields(_ bad: NewDelivery, code: String) async throws {
        let db = try TemporaryDeliveryDatabase()
        let error = await #expect(throws: DeliveryError.self) {
            try await db.store.create(bad, caps: .none, now: deliveryEpoch)
        }
        #expect(error?.code == code)
        #expect(error?.message.isEmpty == false)
        #expect(try db.count("delivery") == 0)
    }

    @Test("Fields at their limits are accepted; empty optional fields are stored as absent; a note may span lines", arguments: StoreBackend.allCases)
    func acceptsLimits(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        let atLimits = deliveryRequest(
            asset: String(repeating: "a", count: 200),
            patron: Patron(
                id: String(repeating: "7", count: 200), name: String(repeating: "名", count: 200),
                email: "li@" + String(repeating: "x", count: 317)),
            note: String(repeating: "n", count: 1998) + "\r\n")
        let created = try await db.store.create(atLimits, caps: .none, now: deliveryEpoch)
        #expect(created.delivery.patronName?.count == 200)
        #expect(created.delivery.note?.hasSuffix("\r\n") == true)

        let empties = deliveryRequest(patron: Patron(id: "c", name: "", email: " "), note: "")
        let plain = try await db.store.create(empties, caps: .none, now: deliveryEpoch)
        let stored = try #require(try await db.store.delivery(id: plain.id))
        #expect(stored.patronName == nil && stored.patronEmail == nil && stored.note == nil)

        let multiLine = try await db.store.create(
            deliveryRequest(note: "Dear reader,\n\tenjoy."), caps: .none, now: deliveryEpoch)
        #expect(try await db.store.delivery(id: multiLine.id)?.note == "Dear reader,\n\tenjoy.")
    }

    @Test("Tokens are 43 base64url characters, ids are dlv_ and 16 base32 characters, all distinct", arguments: StoreBackend.allCases)
    func tokenAndIDShape(backend: StoreBackend) async throws {
        let db = try await TemporaryDeliveryDatabase(backend)
        var tokens = Set<String>()
        var ids = Set<String>()
        for _ in 0..<200 {
            let created = try await db.store.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
            #expect(created.token.utf8.count == 43)
            #expect(created.token.utf8.allSatisfy { DeliveryToken.sextet($0) != nil })
            #expect(DeliveryToken.isWellFormed(created.token))
            #expect(created.id.hasPrefix("dlv_") && created.id.count == 20)
            #expect(created.id.dropFirst(4).allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
            tokens.insert(created.token)
            ids.insert(created.id)
        }
        #expect(tokens.count == 200)
        #expect(ids.count == 200)
    }

    @Test("Only the token's SHA-256 is stored, never the token")
    func storesOnlyHash() async throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try await db.store.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
        _ = try await db.store.recordAccess(token: created.token, client: "10.0.0.1", now: deliveryEpoch)
        let texts = try db.allStoredText()
        #expect(!texts.isEmpty)
        #expect(!texts.contains { $0.contains(created.token) })
        // Nor any long piece of it.
        #expect(!texts.contains { $0.contains(created.token.prefix(20)) })
        let hashes = try await db.database.read { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM delivery") }
        #expect(hashes == [DeliveryToken.hash(created.token)])
        #expect(hashes.first?.count == 64)
    }

    @Test("Opening the store again keeps its deliveries (the migration runs once)")
    func reopens() throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try db.sqlite.create(deliveryRequest(), caps: .none, now: deliveryEpoch)
        let again = try SQLiteDeliveryStore(database: db.database)
        let other = try SQLiteDeliveryStore(database: try db.openAgain())
        #expect(try again.delivery(token: created.token) == created.delivery)
        #expect(try other.delivery(token: created.token) == created.delivery)
        let migrations = try db.database.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(migrations == ["v1-delivery"])
    }

    @Test("The table itself refuses counting past the allowance")
    func checkConstraint() throws {
        let db = try TemporaryDeliveryDatabase()
        let created = try db.sqlite.create(deliveryRequest(maxDownloads: 1), caps: .none, now: deliveryEpoch)
        #expect(throws: DatabaseError.self) {
            try db.database.write { db in
                try db.execute(sql: "UPDATE delivery SET downloadsUsed = 2 WHERE id = ?", arguments: [created.id])
            }
        }
    }
}
