import Foundation
import Testing

@testable import Delivery

@Suite struct DeliveryStateTests {
    static let expiry = deliveryEpoch.addingTimeInterval(86400)

    static func delivery(used: Int, max: Int = 5, revoked: Bool = false) -> Delivery {
        Delivery(
            id: "dlv_abcdefghijklmnop", library: "harbin", assetID: "asset-1", patronID: "card-0042",
            createdAt: deliveryEpoch, expiresAt: expiry, maxDownloads: max, downloadsUsed: used,
            revokedAt: revoked ? deliveryEpoch.addingTimeInterval(60) : nil)
    }

    struct Case: Sendable {
        var used: Int
        var revoked: Bool
        var at: Date
        var state: DeliveryState
    }

    static let before = deliveryEpoch.addingTimeInterval(3600)
    static let after = expiry.addingTimeInterval(1)

    @Test(
        "State precedence: revoked, then expired, then exhausted",
        arguments: [
            Case(used: 0, revoked: false, at: before, state: .active),
            Case(used: 4, revoked: false, at: before, state: .active),
            Case(used: 5, revoked: false, at: before, state: .exhausted),
            Case(used: 0, revoked: false, at: after, state: .expired),
            Case(used: 0, revoked: false, at: expiry, state: .expired),  // expires at the instant exactly
            Case(used: 0, revoked: false, at: expiry.addingTimeInterval(-0.001), state: .active),
            Case(used: 5, revoked: false, at: after, state: .expired),
            Case(used: 0, revoked: true, at: before, state: .revoked),
            Case(used: 5, revoked: true, at: before, state: .revoked),
            Case(used: 0, revoked: true, at: after, state: .revoked),
            Case(used: 5, revoked: true, at: after, state: .revoked),
        ])
    func precedence(_ c: Case) {
        #expect(Self.delivery(used: c.used, revoked: c.revoked).state(at: c.at) == c.state)
    }

    @Test("Downloads left never go below zero", arguments: [(0, 5), (3, 2), (5, 0), (7, 0)])
    func downloadsLeft(used: Int, left: Int) {
        #expect(Self.delivery(used: used).downloadsLeft == left)
    }

    @Test("State names are the words of the HTTP status")
    func rawValues() {
        #expect(DeliveryState.allCases.map(\.rawValue) == ["active", "expired", "exhausted", "revoked"])
    }

    struct DecisionCase: Sendable {
        var used: Int
        var revoked: Bool
        var at: Date
        var openWindow: Bool
        var decision: DownloadDecision
    }

    @Test(
        "The counting rule as a table",
        arguments: [
            DecisionCase(used: 0, revoked: false, at: before, openWindow: false, decision: .startDownload),
            DecisionCase(used: 4, revoked: false, at: before, openWindow: false, decision: .startDownload),
            DecisionCase(used: 0, revoked: false, at: before, openWindow: true, decision: .continueDownload),
            // The last allowed download may finish...
            DecisionCase(used: 5, revoked: false, at: before, openWindow: true, decision: .continueDownload),
            // ...but no new one starts.
            DecisionCase(used: 5, revoked: false, at: before, openWindow: false, decision: .refuse(.exhausted)),
            // Revocation and expiry stop even a download under way.
            DecisionCase(used: 1, revoked: true, at: before, openWindow: true, decision: .refuse(.revoked)),
            DecisionCase(used: 1, revoked: false, at: after, openWindow: true, decision: .refuse(.expired)),
            DecisionCase(used: 5, revoked: true, at: after, openWindow: false, decision: .refuse(.revoked)),
            DecisionCase(used: 5, revoked: false, at: after, openWindow: false, decision: .refuse(.expired)),
        ])
    func decision(_ c: DecisionCase) {
        let d = Self.delivery(used: c.used, revoked: c.revoked)
        #expect(DownloadDecision(delivery: d, clientHasOpenWindow: c.openWindow, at: c.at) == c.decision)
    }
}
