import Access

/// Generated policy sets and requests for the index-versus-reference property test (the benchmark uses the same shape).
enum GeneratedPolicies {
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let collections = (0..<200).map { "col-\($0)" }
    static let libraries = (0..<40).map { "lib-\($0)" }
    static let rights = ["open", "in-copyright", "restricted"]
    static let mediaKinds = ["pdf", "epub", "text", "image", "audio", "video", "other"]
    static let kinds = ["anonymous", "patron", "library", "admin"]
    static let actions = ["read", "download", "stream", "deliver"]

    static func pick(_ values: [String], count: Int, using generator: inout SplitMix) -> String {
        var chosen = [String]()
        while chosen.count < count {
            let value = values[generator.below(values.count)]
            if !chosen.contains(value) { chosen.append(value) }
        }
        return "[" + chosen.joined(separator: ", ") + "]"
    }

    /// A policy file with `rules` rules: most name 1–3 of 200 collections, `wildcardPercent` % apply to every collection.
    static func yaml(rules: Int, seed: UInt64, wildcardPercent: Int = 5) -> String {
        var generator = SplitMix(seed: seed)
        var lines = ["groups:"]
        for group in 0..<10 {
            lines.append("  group-\(group): \(pick(libraries, count: 4, using: &generator))")
        }
        lines += ["networks:", "  rooms-a: [10.1.0.0/16, 10.2.0.0/16]", "  rooms-b: [10.3.0.0/16]", "rules:"]
        for number in 0..<rules {
            let deny = generator.chance(10)
            lines.append("  - id: rule-\(number)")
            lines.append("    effect: \(deny ? "deny" : "allow")")
            lines.append("    actions: \(generator.chance(5) ? "all" : pick(actions, count: 1 + generator.below(2), using: &generator))")
            if generator.chance(30) {
                lines.append("    subjects: anyone")
            } else {
                var subject = [String]()
                if generator.chance(60) {
                    subject.append(generator.chance(50) ? "libraries: \"@group-\(generator.below(10))\""
                        : "libraries: \(pick(libraries, count: 1 + generator.below(3), using: &generator))")
                }
                if generator.chance(50) || subject.isEmpty {
                    subject.append("kinds: \(pick(kinds, count: 1 + generator.below(2), using: &generator))")
                }
                if generator.chance(10) { subject.append("ids: [p-\(generator.below(5)), p-\(generator.below(5))]") }
                lines.append("    subjects: { " + subject.joined(separator: ", ") + " }")
            }
            var asset = [String]()
            if !generator.chance(wildcardPercent) { asset.append("collections: \(pick(collections, count: 1 + generator.below(3), using: &generator))") }
            if generator.chance(50) { asset.append("rights: \(pick(rights, count: 1 + generator.below(2), using: &generator))") }
            if generator.chance(30) { asset.append("media_kinds: \(pick(mediaKinds, count: 1 + generator.below(3), using: &generator))") }
            if generator.chance(20) { asset.append("owners: \(pick(libraries, count: 1 + generator.below(5), using: &generator))") }
            if generator.chance(10) { asset.append("embargoed: \(generator.chance(50))") }
            if !asset.isEmpty { lines.append("    assets: { " + asset.joined(separator: ", ") + " }") }
            if generator.chance(15) {
                let key = generator.chance(50) ? "networks" : "not_networks"
                let value = generator.chance(50) ? "\"@rooms-\(generator.chance(50) ? "a" : "b")\"" : "[10.\(generator.below(4)).0.0/16]"
                lines.append("    when: { \(key): \(value) }")
            }
            if !deny, generator.chance(50) {
                lines.append("    limits: { downloads_per_day: \(1 + generator.below(50)), delivery_max_downloads: \(1 + generator.below(9)) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func request(using generator: inout SplitMix) -> PolicyRequest {
        let kind = PolicySubject.Kind.allCases[generator.below(4)]
        let library = generator.chance(90) ? libraries[generator.below(libraries.count)] : "outsider"
        let subject = kind == .anonymous ? PolicySubject.anonymous
            : PolicySubject(kind: kind, id: "p-\(generator.below(8))", library: kind == .admin ? nil : library)
        let asset = PolicyAsset(
            id: "asset-\(generator.below(1000))",
            collection: generator.chance(90) ? collections[generator.below(collections.count)] : "unlisted",
            ownerLibrary: libraries[generator.below(libraries.count)],
            rights: rights[generator.below(rights.count)],
            mediaKind: mediaKinds[generator.below(mediaKinds.count)],
            embargoed: generator.chance(10))
        let address = generator.chance(10) ? nil : IPAddress("10.\(generator.below(5)).\(generator.below(256)).\(generator.below(256))")
        return PolicyRequest(action: PolicyAction.allCases[generator.below(4)], subject: subject, asset: asset, clientAddress: address)
    }

    /// The semantics stated once more, independently of the engine: every rule evaluated in order.
    static func referenceDecision(_ set: PolicySet, _ request: PolicyRequest) -> PolicyDecision {
        let matched = set.rules.filter { $0.evaluate(request).matched }
        if let deny = matched.first(where: { $0.effect == .deny }) {
            return PolicyDecision(allowed: false, ruleID: deny.id, limits: .none, reason: .deniedByPolicy)
        }
        guard let first = matched.first else {
            return PolicyDecision(allowed: false, ruleID: nil, limits: .none, reason: .noMatchingRule)
        }
        let limits = matched.dropFirst().reduce(first.limits) { $0.combined(with: $1.limits) }
        return PolicyDecision(allowed: true, ruleID: first.id, limits: limits, reason: .allowed)
    }
}
