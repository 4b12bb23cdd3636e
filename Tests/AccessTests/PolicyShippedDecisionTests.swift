import Access
import Testing

/// Decisions over the example policies shipped in `Policies/`: what a librarian reading those files expects.
@Suite struct PolicyShippedDecisionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var action: PolicyAction
        var subject: PolicySubject
        var asset: PolicyAsset
        var address: IPAddress?
        var allowed: Bool
        var ruleID: String?
        var limits: PolicyLimits = .none

        var testDescription: String { name }

        var request: PolicyRequest { PolicyRequest(action: action, subject: subject, asset: asset, clientAddress: address) }
    }

    typealias F = PolicyFixtures

    static let memberLimits = PolicyLimits(downloadsPerDay: 20, concurrentStreams: 2)

    static let cases: [Case] = [
        Case(name: "anyone reads government information", action: .read, subject: .anonymous, asset: F.govDoc, address: F.home,
             allowed: true, ruleID: "open-government-information"),
        Case(name: "anyone downloads government information", action: .download, subject: .anonymous, asset: F.govDoc, address: nil,
             allowed: true, ruleID: "open-government-information"),
        Case(name: "anonymous cannot deliver", action: .deliver, subject: .anonymous, asset: F.govDoc, address: F.home,
             allowed: false, ruleID: nil),
        Case(name: "anonymous cannot read in-copyright local documents", action: .read, subject: .anonymous, asset: F.localDoc,
             address: F.home, allowed: false, ruleID: nil),
        Case(name: "member patron reads local document from home", action: .read, subject: F.harbinPatron, asset: F.localDoc,
             address: F.home, allowed: true, ruleID: "members-read-local-documents", limits: memberLimits),
        Case(name: "member patron streams regional-culture video", action: .stream, subject: F.harbinPatron, asset: F.localVideo,
             address: F.home, allowed: true, ruleID: "members-read-local-documents", limits: memberLimits),
        Case(name: "member patron cannot download from home", action: .download, subject: F.harbinPatron, asset: F.localDoc,
             address: F.home, allowed: false, ruleID: nil),
        Case(name: "member patron downloads in the provincial reading room", action: .download, subject: F.harbinPatron,
             asset: F.localDoc, address: F.provincialRoom, allowed: true, ruleID: "members-download-in-reading-rooms",
             limits: PolicyLimits(downloadsPerDay: 10)),
        Case(name: "member patron downloads in a municipal reading room", action: .download, subject: F.harbinPatron,
             asset: F.localDoc, address: F.municipalRoom, allowed: true, ruleID: "members-download-in-reading-rooms",
             limits: PolicyLimits(downloadsPerDay: 10)),
        Case(name: "reading room over IPv6", action: .download, subject: F.harbinPatron, asset: F.localDoc, address: F.roomIPv6,
             allowed: true, ruleID: "members-download-in-reading-rooms", limits: PolicyLimits(downloadsPerDay: 10)),
        Case(name: "reading room as IPv4-mapped IPv6", action: .download, subject: F.harbinPatron, asset: F.localDoc,
             address: F.roomMapped, allowed: true, ruleID: "members-download-in-reading-rooms",
             limits: PolicyLimits(downloadsPerDay: 10)),
        Case(name: "unknown address is not a reading room", action: .download, subject: F.harbinPatron, asset: F.localDoc,
             address: nil, allowed: false, ruleID: nil),
        Case(name: "patron of a library outside the network", action: .read, subject: F.beijingPatron, asset: F.localDoc,
             address: F.home, allowed: false, ruleID: nil),
        Case(name: "embargoed item from home is refused", action: .read, subject: F.harbinPatron, asset: F.embargoed,
             address: F.home, allowed: false, ruleID: "embargoed-outside-reading-rooms"),
        Case(name: "embargoed item with unknown address is refused", action: .read, subject: F.harbinPatron, asset: F.embargoed,
             address: nil, allowed: false, ruleID: "embargoed-outside-reading-rooms"),
        Case(name: "embargoed item in a reading room", action: .read, subject: F.harbinPatron, asset: F.embargoed,
             address: F.municipalRoom, allowed: true, ruleID: "members-read-local-documents", limits: memberLimits),
        Case(name: "administrator reads embargoed item anywhere", action: .read, subject: .admin(), asset: F.embargoed,
             address: F.home, allowed: true, ruleID: "administrators"),
        Case(name: "administrator downloads restricted item anywhere", action: .download, subject: .admin(), asset: F.restrictedDoc,
             address: F.home, allowed: true, ruleID: "administrators"),
        Case(name: "restricted item from home is refused", action: .read, subject: F.harbinPatron, asset: F.restrictedDoc,
             address: F.home, allowed: false, ruleID: "restricted-outside-reading-rooms"),
        Case(name: "restricted item read in a reading room", action: .read, subject: F.harbinPatron, asset: F.restrictedDoc,
             address: F.provincialRoom, allowed: true, ruleID: "restricted-in-reading-rooms",
             limits: PolicyLimits(concurrentStreams: 1)),
        Case(name: "restricted item cannot be saved even in a reading room", action: .download, subject: F.harbinPatron,
             asset: F.restrictedDoc, address: F.provincialRoom, allowed: false, ruleID: nil),
        Case(name: "restricted government information from home is refused", action: .read, subject: .anonymous,
             asset: F.govRestricted, address: F.home, allowed: false, ruleID: "restricted-outside-reading-rooms"),
        Case(name: "restricted government information in a reading room", action: .read, subject: .anonymous,
             asset: F.govRestricted, address: F.provincialRoom, allowed: true, ruleID: "open-government-information"),
        Case(name: "library delivers an in-copyright document", action: .deliver, subject: .library("harbin"), asset: F.localDoc,
             address: F.home, allowed: true, ruleID: "interlibrary-delivery",
             limits: PolicyLimits(deliveryTTLDays: 30, deliveryMaxDownloads: 5, stamp: PolicyStamp(cover: true, watermark: true))),
        Case(name: "delivered recordings get the smaller limits", action: .deliver, subject: .library("harbin"), asset: F.localVideo,
             address: F.home, allowed: true, ruleID: "interlibrary-delivery",
             limits: PolicyLimits(deliveryTTLDays: 14, deliveryMaxDownloads: 3)),
        Case(name: "restricted items are never delivered", action: .deliver, subject: .library("harbin"), asset: F.restrictedDoc,
             address: F.provincialRoom, allowed: false, ruleID: "restricted-never-delivered"),
        Case(name: "not even by an administrator", action: .deliver, subject: .admin(), asset: F.restrictedDoc,
             address: F.home, allowed: false, ruleID: "restricted-never-delivered"),
        Case(name: "patrons cannot make deliveries", action: .deliver, subject: F.harbinPatron, asset: F.localDoc,
             address: F.home, allowed: false, ruleID: nil),
        Case(name: "library outside the network cannot deliver", action: .deliver, subject: .library("beijing"),
             asset: F.localDoc, address: F.home, allowed: false, ruleID: nil),
        Case(name: "embargoed item is not delivered from outside a reading room", action: .deliver,
             subject: .library("harbin"), asset: F.embargoed, address: F.home, allowed: false,
             ruleID: "embargoed-outside-reading-rooms"),
        Case(name: "embargoed item delivered from a reading room", action: .deliver, subject: .library("harbin"),
             asset: F.embargoed, address: F.municipalRoom, allowed: true, ruleID: "interlibrary-delivery",
             limits: PolicyLimits(deliveryTTLDays: 30, deliveryMaxDownloads: 5)),
        Case(name: "provincial library saves its own items", action: .download, subject: .library("hlj-provincial"),
             asset: F.provincialItem, address: F.home, allowed: true, ruleID: "provincial-library-own-items"),
        Case(name: "a member library cannot save provincial items", action: .download, subject: .library("harbin"),
             asset: F.provincialItem, address: F.home, allowed: false, ruleID: nil),
        Case(name: "a provincial patron is not the provincial library", action: .download, subject: F.provincialPatron,
             asset: F.provincialItem, address: F.home, allowed: false, ruleID: nil),
        Case(name: "named researcher saves oral history from home", action: .download, subject: F.researcher,
             asset: F.localVideo, address: F.home, allowed: true, ruleID: "harbin-oral-history-researchers",
             limits: PolicyLimits(downloadsPerDay: 5)),
        Case(name: "named researcher in a reading room: two rules, smaller limit", action: .download, subject: F.researcher,
             asset: F.localVideo, address: F.provincialRoom, allowed: true, ruleID: "members-download-in-reading-rooms",
             limits: PolicyLimits(downloadsPerDay: 5)),
        Case(name: "the researcher vouched for by another library", action: .download, subject: F.researcherViaQiqihar,
             asset: F.localVideo, address: F.home, allowed: false, ruleID: nil),
        Case(name: "a researcher not named in the rule", action: .download, subject: F.otherResearcher,
             asset: F.localVideo, address: F.home, allowed: false, ruleID: nil),
        Case(name: "the researcher rule covers recordings only", action: .download, subject: F.researcher,
             asset: F.localDoc, address: F.home, allowed: false, ruleID: nil),
        Case(name: "open rights outside any named collection", action: .stream, subject: .anonymous, asset: F.openMap,
             address: F.home, allowed: true, ruleID: "open-rights"),
        Case(name: "a member library reads local documents", action: .read, subject: .library("harbin"), asset: F.localDoc,
             address: F.home, allowed: true, ruleID: "members-read-local-documents", limits: memberLimits),
        Case(name: "the provincial library reads a member's document", action: .read, subject: .library("hlj-provincial"),
             asset: F.localDoc, address: F.home, allowed: true, ruleID: "members-read-local-documents", limits: memberLimits),
        Case(name: "in-copyright item outside the shared collections", action: .read, subject: F.harbinPatron,
             asset: F.privatePapers, address: F.provincialRoom, allowed: false, ruleID: nil),
        Case(name: "anonymous in a reading room gets nothing extra", action: .read, subject: .anonymous, asset: F.localDoc,
             address: F.provincialRoom, allowed: false, ruleID: nil),
    ]

    @Test(arguments: cases)
    func decision(_ test: Case) {
        let decision = PolicyFixtures.engine.decide(test.request)
        #expect(decision.allowed == test.allowed)
        #expect(decision.ruleID == test.ruleID)
        #expect(decision.limits == test.limits)
        let reason: PolicyDecision.Reason = test.allowed ? .allowed : (test.ruleID == nil ? .noMatchingRule : .deniedByPolicy)
        #expect(decision.reason == reason)
    }

    /// `explain` must reach the same decision by evaluating every rule one by one.
    @Test(arguments: cases)
    func explanationAgrees(_ test: Case) {
        let explanation = PolicyFixtures.engine.explain(test.request)
        #expect(explanation.decision == PolicyFixtures.engine.decide(test.request))
        #expect(explanation.rules.count == PolicyFixtures.shipped.rules.count)
        if let ruleID = test.ruleID {
            #expect(explanation.rules.first { $0.ruleID == ruleID }?.matched == true)
        }
        #expect(explanation.matchedRules.contains { $0.effect == .allow } || !test.allowed)
    }

    @Test func shippedPoliciesLoadWithoutWarnings() {
        let set = PolicyFixtures.shipped
        #expect(set.warnings == [])
        #expect(set.files.map { $0.split(separator: "/").last.map(String.init) ?? "" }
            == ["00-groups.yaml", "10-open.yaml", "20-members.yaml", "30-delivery.yaml", "90-embargo.yaml"])
        #expect(set.groups["member-libraries"]?.count == 10)
        #expect(set.groups["network-libraries"]?.first == "hlj-provincial")
        #expect(set.groups["network-libraries"]?.count == 11)
        #expect(set.rules.map(\.id).count == Set(set.rules.map(\.id)).count)
        #expect(set.rule(id: "administrators")?.actions == Set(PolicyAction.allCases))
    }
}
