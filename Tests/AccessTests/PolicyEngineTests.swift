import Access
import Testing

/// The evaluation semantics: default deny, deny wins, limits combine by the minimum, the index agrees with the
/// rule-by-rule reference.
@Suite struct PolicyEngineTests {
    static let doc = PolicyAsset(id: "a1", collection: "local-docs", ownerLibrary: "harbin", rights: "in-copyright", mediaKind: "pdf")
    static let patron = PolicySubject.patron("p1", library: "harbin")

    static func request(_ action: PolicyAction = .read, asset: PolicyAsset = doc, address: String? = nil) -> PolicyRequest {
        PolicyRequest(action: action, subject: patron, asset: asset, clientAddress: address.flatMap { IPAddress($0) })
    }

    static func engine(_ yaml: String) throws -> PolicyEngine {
        PolicyEngine(try PolicySet.parse(sources: [("t.yaml", yaml)]))
    }

    @Test func emptySetDeniesEverythingAndWarns() throws {
        let set = try PolicySet.parse(sources: [("empty.yaml", "# nothing yet\n")])
        #expect(set.rules.isEmpty)
        #expect(set.warnings == ["no policy rules are defined, so every request will be denied; add rules to a Policies/*.yaml file"])
        let engine = PolicyEngine(set)
        for action in PolicyAction.allCases {
            let decision = engine.decide(Self.request(action))
            #expect(decision == PolicyDecision(allowed: false, ruleID: nil, limits: .none, reason: .noMatchingRule))
            #expect(decision.reasonCode == "no_matching_rule")
        }
        #expect(PolicyEngine(.empty).decide(Self.request()).allowed == false)
        #expect(engine.explain(Self.request()).description.contains("none are defined, so everything is denied"))
    }

    @Test func defaultDenyWhenNoRuleMatches() throws {
        let engine = try Self.engine("""
            rules:
              - id: gov
                effect: allow
                actions: all
                subjects: anyone
                assets: { collections: [gov-info] }
            """)
        #expect(engine.decide(Self.request()).reason == .noMatchingRule)
        #expect(engine.decide(Self.request(asset: PolicyAsset(id: "g", collection: "gov-info", ownerLibrary: "x", rights: "open", mediaKind: "pdf"))).allowed)
    }

    @Test func anyMatchingDenyWinsWhateverTheOrder() throws {
        let allow = "  - id: allow-all\n    effect: allow\n    actions: all\n    subjects: anyone\n    limits: { downloads_per_day: 3 }\n"
        let deny = "  - id: no-pdf\n    effect: deny\n    actions: [read]\n    subjects: anyone\n    assets: { media_kinds: [pdf] }\n"
        for yaml in ["rules:\n" + allow + deny, "rules:\n" + deny + allow] {
            let engine = try Self.engine(yaml)
            let decision = engine.decide(Self.request())
            #expect(decision == PolicyDecision(allowed: false, ruleID: "no-pdf", limits: .none, reason: .deniedByPolicy))
            #expect(decision.reasonCode == "denied_by_policy")
            // The deny rule is about reading only: downloading is still allowed, with the allow rule's limits.
            #expect(engine.decide(Self.request(.download)) == PolicyDecision(
                allowed: true, ruleID: "allow-all", limits: PolicyLimits(downloadsPerDay: 3), reason: .allowed))
        }
    }

    @Test func firstMatchingDenyIsReported() throws {
        let engine = try Self.engine("""
            rules:
              - { id: d1, effect: deny, actions: all, subjects: { kinds: [admin] } }
              - { id: d2, effect: deny, actions: all, subjects: { kinds: [patron] } }
              - { id: d3, effect: deny, actions: all, subjects: anyone }
            """)
        #expect(engine.decide(Self.request()).ruleID == "d2")
    }

    @Test func limitsOfMatchingAllowsCombineByMinimumFieldByField() throws {
        let engine = try Self.engine("""
            rules:
              - id: a
                effect: allow
                actions: [read, deliver]
                subjects: anyone
                limits: { downloads_per_day: 20, concurrent_streams: 2 }
              - id: b
                effect: allow
                actions: [read, deliver]
                subjects: anyone
                assets: { collections: [local-docs] }
                limits: { downloads_per_day: 5, delivery_ttl_days: 30, delivery_max_downloads: 9 }
              - id: c
                effect: allow
                actions: [read, deliver]
                subjects: anyone
                assets: { rights: [in-copyright] }
                limits: { concurrent_streams: 4, delivery_max_downloads: 7 }
              - id: not-matching
                effect: allow
                actions: [read, deliver]
                subjects: anyone
                assets: { rights: [open] }
                limits: { downloads_per_day: 1, concurrent_streams: 1, delivery_ttl_days: 1, delivery_max_downloads: 1 }
            """)
        let decision = engine.decide(Self.request())
        #expect(decision.ruleID == "a")
        #expect(decision.limits == PolicyLimits(downloadsPerDay: 5, concurrentStreams: 2, deliveryTTLDays: 30, deliveryMaxDownloads: 7))
        #expect(decision.description == "allow by rule 'a' (allowed), limits { downloads_per_day: 5, concurrent_streams: 2, delivery_ttl_days: 30, delivery_max_downloads: 7 }")
        #expect(engine.decide(Self.request(.stream)).allowed == false)
    }

    @Test func limitsCombination() {
        let a = PolicyLimits(downloadsPerDay: 20, concurrentStreams: nil, deliveryTTLDays: 30)
        let b = PolicyLimits(downloadsPerDay: 10, concurrentStreams: 2, deliveryMaxDownloads: 0)
        #expect(a.combined(with: b) == PolicyLimits(downloadsPerDay: 10, concurrentStreams: 2, deliveryTTLDays: 30, deliveryMaxDownloads: 0))
        #expect(a.combined(with: b) == b.combined(with: a))
        #expect(a.combined(with: .none) == a)
        #expect(PolicyLimits.none.isEmpty)
        #expect(PolicyLimits.none.description == "none")
        // Stamps combine by union: one rule's cover and another's watermark give both; none adds nothing.
        let cover = PolicyLimits(stamp: PolicyStamp("cover")!), watermark = PolicyLimits(stamp: PolicyStamp("watermark")!)
        #expect(cover.combined(with: watermark).stamp == PolicyStamp("cover+watermark"))
        #expect(cover.combined(with: PolicyLimits(stamp: .none)).stamp == PolicyStamp(cover: true))
        #expect(cover.combined(with: watermark).description == "{ stamp: cover+watermark }")
        #expect(PolicyStamp("signature") == nil)
    }

    @Test func deniedDecisionsCarryNoLimits() throws {
        let engine = try Self.engine("""
            rules:
              - { id: a, effect: allow, actions: all, subjects: anyone, limits: { downloads_per_day: 2 } }
              - { id: d, effect: deny, actions: all, subjects: anyone, when: { networks: [10.0.0.0/8] } }
            """)
        #expect(engine.decide(Self.request(address: "10.1.2.3")).limits == .none)
        #expect(engine.decide(Self.request(address: "11.1.2.3")).limits == PolicyLimits(downloadsPerDay: 2))
    }

    @Test func networkConditionsAndUnknownAddresses() throws {
        let engine = try Self.engine("""
            networks:
              rooms: [10.12.0.0/16, "2001:db8::/32"]
              everywhere: ["0.0.0.0/0", "::/0"]
            rules:
              - { id: in-rooms, effect: allow, actions: [read], subjects: anyone, when: { networks: "@rooms" } }
              - { id: outside, effect: allow, actions: [stream], subjects: anyone, when: { not_networks: "@rooms" } }
              - { id: anywhere, effect: allow, actions: [download], subjects: anyone, when: { networks: "@everywhere" } }
            """)
        #expect(engine.decide(Self.request(.read, address: "10.12.255.1")).allowed)
        #expect(engine.decide(Self.request(.read, address: "2001:db8:ffff::1")).allowed)
        #expect(!engine.decide(Self.request(.read, address: "10.13.0.1")).allowed)
        #expect(!engine.decide(Self.request(.read, address: nil)).allowed)
        #expect(engine.decide(Self.request(.stream, address: nil)).allowed)  // unknown address is outside every network
        #expect(!engine.decide(Self.request(.stream, address: "10.12.0.1")).allowed)
        #expect(engine.decide(Self.request(.download, address: "8.8.8.8")).allowed)
        #expect(engine.decide(Self.request(.download, address: "fe80::1")).allowed)
        #expect(!engine.decide(Self.request(.download, address: nil)).allowed)
    }

    @Test func groupsNestAndExpand() throws {
        let set = try PolicySet.parse(sources: [("g.yaml", """
            groups:
              all: ["@north", "@south", extra]
              north: [harbin, qiqihar]
              south: [mudanjiang, harbin]
            rules:
              - { id: r, effect: allow, actions: all, subjects: { libraries: "@all" } }
            """)])
        #expect(set.groups["all"] == ["harbin", "qiqihar", "mudanjiang", "extra"])
        #expect(set.warnings == [])
        #expect(set.rules[0].subjects.libraries?.description == "@all")
        #expect(PolicyEngine(set).decide(Self.request()).allowed)
    }

    @Test func warningsForUnusedDefinitionsAndLimitsOnDeny() throws {
        let set = try PolicySet.parse(sources: [("w.yaml", """
            groups:
              unused: [harbin]
            networks:
              spare: [10.0.0.0/8]
            rules:
              - id: d
                effect: deny
                actions: all
                subjects: anyone
                limits: { downloads_per_day: 1 }
            """)])
        #expect(set.warnings == [
            "w.yaml:2:3: group 'unused' is not used by any rule",
            "w.yaml:4:3: network group 'spare' is not used by any rule",
            "w.yaml:10:5: limits on deny rule 'd' have no effect (a deny refuses the request); remove them",
        ])
    }

    @Test func policyActionFromLinkAction() {
        #expect(LinkAction.allCases.map(PolicyAction.init) == [.read, .download, .stream])
    }

    /// The indexed fast path against the rule-by-rule reference, on generated rules and requests.
    @Test(arguments: [2, 3, 4, 5] as [UInt64])
    func indexAgreesWithReference(seed: UInt64) throws {
        let set = try PolicySet.parse(sources: [("gen.yaml", GeneratedPolicies.yaml(rules: 200, seed: seed, wildcardPercent: 20))])
        let engine = PolicyEngine(set)
        var generator = GeneratedPolicies.SplitMix(seed: seed &+ 100)
        var allowed = 0, denied = 0, defaulted = 0
        for _ in 0..<1_000 {
            let request = GeneratedPolicies.request(using: &generator)
            let decision = engine.decide(request)
            #expect(decision == GeneratedPolicies.referenceDecision(set, request), "\(request)")
            switch decision.reason {
            case .allowed: allowed += 1
            case .deniedByPolicy: denied += 1
            case .noMatchingRule: defaulted += 1
            }
        }
        // The generated workload exercises all three outcomes.
        #expect(allowed > 0 && denied > 0 && defaulted > 0, "\(allowed) allowed, \(denied) denied, \(defaulted) by default")
    }
}
