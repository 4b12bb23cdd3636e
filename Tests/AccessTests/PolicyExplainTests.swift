import Access
import Testing

/// `explain`: the decision and, for every rule, whether it matched and why, in words a librarian can follow.
@Suite struct PolicyExplainTests {
    typealias F = PolicyFixtures

    static func reasons(_ request: PolicyRequest) -> [String: String] {
        Dictionary(uniqueKeysWithValues: F.engine.explain(request).rules.map { ($0.ruleID, $0.reason) })
    }

    @Test func whyAPatronWasRefusedADownloadFromHome() {
        let request = PolicyRequest(action: .download, subject: F.harbinPatron, asset: F.localDoc, clientAddress: F.home)
        let explanation = F.engine.explain(request)
        #expect(explanation.decision.reason == .noMatchingRule)
        #expect(explanation.matchedRules.isEmpty)
        let reasons = Self.reasons(request)
        #expect(reasons["open-government-information"] == "collection 'local-docs' not in [gov-info]")
        #expect(reasons["open-rights"] == "rights 'in-copyright' not in [open]")
        #expect(reasons["administrators"] == "subject kind 'patron' not in [admin]")
        #expect(reasons["members-read-local-documents"] == "action 'download' not in [read, stream]")
        #expect(reasons["members-download-in-reading-rooms"] == "client address 203.0.113.7 not in @reading-rooms")
        #expect(reasons["restricted-in-reading-rooms"] == "action 'download' not in [read, stream]")
        #expect(reasons["provincial-library-own-items"] == "subject kind 'patron' not in [library]")
        #expect(reasons["harbin-oral-history-researchers"] == "subject id 'patron-42' not in [researcher-0017, researcher-0042]")
        #expect(reasons["interlibrary-delivery"] == "action 'download' not in [deliver]")
        #expect(reasons["embargoed-outside-reading-rooms"] == "asset is not embargoed")
        #expect(reasons["restricted-outside-reading-rooms"] == "rights 'in-copyright' not in [restricted]")
    }

    @Test func matchedRulesListEveryConditionThatHeld() {
        let request = PolicyRequest(action: .read, subject: F.harbinPatron, asset: F.embargoed, clientAddress: F.home)
        let explanation = F.engine.explain(request)
        #expect(explanation.decision.ruleID == "embargoed-outside-reading-rooms")
        #expect(explanation.matchedRules.map(\.ruleID) == ["members-read-local-documents", "embargoed-outside-reading-rooms"])
        let reasons = Self.reasons(request)
        #expect(reasons["members-read-local-documents"] == "action 'read' in [read, stream]; subject kind 'patron' in [patron, library]; library 'harbin' in @network-libraries; collection 'local-people' in @local-collections; rights 'in-copyright' in [in-copyright]")
        #expect(reasons["embargoed-outside-reading-rooms"] == "action 'read' in all; subject kind 'patron' in [anonymous, patron, library]; asset is embargoed; client address 203.0.113.7 not in @reading-rooms")
    }

    @Test func anonymousAndUnknownAddressInWords() {
        let request = PolicyRequest(action: .download, subject: .anonymous, asset: F.localDoc, clientAddress: nil)
        let reasons = Self.reasons(request)
        #expect(reasons["members-download-in-reading-rooms"] == "subject kind 'anonymous' not in [patron]")
        let unknown = PolicyRequest(action: .download, subject: F.harbinPatron, asset: F.localDoc, clientAddress: nil)
        #expect(Self.reasons(unknown)["members-download-in-reading-rooms"] == "client address unknown not in @reading-rooms")
        let adminRequest = PolicyRequest(action: .download, subject: .admin(), asset: F.provincialItem, clientAddress: nil)
        #expect(Self.reasons(adminRequest)["provincial-library-own-items"] == "subject kind 'admin' not in [library]")
        let noLibrary = PolicySubject(kind: .library, id: "x", library: nil)
        let libraryRequest = PolicyRequest(action: .download, subject: noLibrary, asset: F.provincialItem, clientAddress: nil)
        #expect(Self.reasons(libraryRequest)["provincial-library-own-items"] == "subject has no library; rule needs one in @provincial-library")
    }

    @Test func reportReadsTopToBottom() {
        let request = PolicyRequest(action: .stream, subject: F.harbinPatron, asset: F.localVideo, clientAddress: F.provincialRoom)
        let text = F.engine.explain(request).description
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "request:  stream of asset 'vid1' (collection 'regional-culture', owner 'qiqihar', rights 'in-copyright', media kind 'video')")
        #expect(lines[1] == "subject:  patron 'patron-42' of library 'harbin'")
        #expect(lines[2] == "address:  10.12.3.4")
        #expect(lines[3] == "decision: allow by rule 'members-read-local-documents' (allowed), limits { downloads_per_day: 20, concurrent_streams: 2 }")
        #expect(lines[4] == "rules considered:")
        #expect(lines.count == 5 + F.shipped.rules.count)
        #expect(lines[5].hasPrefix("  no match  allow open-government-information ("))
        #expect(lines[5].hasSuffix("10-open.yaml:7:9): collection 'regional-culture' not in [gov-info]"))
        #expect(lines.contains { $0.hasPrefix("  matched   allow members-read-local-documents (") })
    }

    @Test func rulePositionsPointAtTheID() {
        let rule = F.shipped.rule(id: "members-read-local-documents")
        #expect(rule?.source?.file.hasSuffix("/20-members.yaml") == true)
        #expect(rule?.source?.line == 7)
        #expect(rule?.source?.column == 9)
        #expect(rule?.summary?.hasPrefix("Patrons of every library in the network") == true)
    }
}
