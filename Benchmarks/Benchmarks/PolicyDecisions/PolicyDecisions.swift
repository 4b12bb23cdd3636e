import Access
import Benchmark

// Policy decisions per second, on one core: the shipped example policies (Policies/*.yaml) and 1,000 generated rules
// over 200 collections (5 % of them without a collection condition, so they sit in every candidate list).
// Each iteration makes 1M decisions (scaling factor .mega), so "throughput" reads as millions of decisions per second.
//   swift package --package-path Benchmarks benchmark --target PolicyDecisions

/// SplitMix64: a small deterministic generator, so every run measures the same rules and requests.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick(_ values: [String], count: Int) -> String {
        var chosen = [String]()
        while chosen.count < count {
            let value = values[below(values.count)]
            if !chosen.contains(value) { chosen.append(value) }
        }
        return "[" + chosen.joined(separator: ", ") + "]"
    }
}

enum Vocabulary {
    static let collections = (0..<200).map { "col-\($0)" }
    static let libraries = (0..<40).map { "lib-\($0)" }
    static let rights = ["open", "in-copyright", "restricted"]
    static let mediaKinds = ["pdf", "epub", "text", "image", "audio", "video", "other"]
    static let kinds = ["anonymous", "patron", "library", "admin"]
    static let actions = ["read", "download", "stream", "deliver"]
}

/// A policy file of `count` rules in the shape administrators write: collections, rights, media kinds, owners,
/// library groups, kinds, reading-room conditions, limits.
func generatedPolicy(rules count: Int, seed: UInt64) -> String {
    var random = SplitMix(state: seed)
    typealias V = Vocabulary
    var lines = ["groups:"]
    for group in 0..<10 { lines.append("  group-\(group): \(random.pick(V.libraries, count: 4))") }
    lines += ["networks:", "  rooms-a: [10.1.0.0/16, 10.2.0.0/16]", "  rooms-b: [10.3.0.0/16]", "rules:"]
    for number in 0..<count {
        let deny = random.chance(10)
        lines.append("  - id: rule-\(number)")
        lines.append("    effect: \(deny ? "deny" : "allow")")
        lines.append("    actions: \(random.chance(5) ? "all" : random.pick(V.actions, count: 1 + random.below(2)))")
        if random.chance(30) {
            lines.append("    subjects: anyone")
        } else {
            var subject = [String]()
            if random.chance(60) {
                subject.append(random.chance(50) ? "libraries: \"@group-\(random.below(10))\""
                    : "libraries: \(random.pick(V.libraries, count: 1 + random.below(3)))")
            }
            if random.chance(50) || subject.isEmpty { subject.append("kinds: \(random.pick(V.kinds, count: 1 + random.below(2)))") }
            lines.append("    subjects: { " + subject.joined(separator: ", ") + " }")
        }
        var asset = [String]()
        if !random.chance(5) { asset.append("collections: \(random.pick(V.collections, count: 1 + random.below(3)))") }
        if random.chance(50) { asset.append("rights: \(random.pick(V.rights, count: 1 + random.below(2)))") }
        if random.chance(30) { asset.append("media_kinds: \(random.pick(V.mediaKinds, count: 1 + random.below(3)))") }
        if random.chance(20) { asset.append("owners: \(random.pick(V.libraries, count: 1 + random.below(5)))") }
        if random.chance(10) { asset.append("embargoed: \(random.chance(50))") }
        if !asset.isEmpty { lines.append("    assets: { " + asset.joined(separator: ", ") + " }") }
        if random.chance(15) {
            let key = random.chance(50) ? "networks" : "not_networks"
            lines.append("    when: { \(key): \(random.chance(50) ? "\"@rooms-a\"" : "[10.\(random.below(4)).0.0/16]") }")
        }
        if !deny, random.chance(50) {
            lines.append("    limits: { downloads_per_day: \(1 + random.below(50)), delivery_max_downloads: \(1 + random.below(9)) }")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

func generatedRequests(count: Int, seed: UInt64) -> [PolicyRequest] {
    var random = SplitMix(state: seed)
    typealias V = Vocabulary
    return (0..<count).map { _ in
        let kind = PolicySubject.Kind.allCases[random.below(4)]
        let library = random.chance(90) ? V.libraries[random.below(V.libraries.count)] : "outsider"
        let subject = kind == .anonymous ? PolicySubject.anonymous
            : PolicySubject(kind: kind, id: "p-\(random.below(1000))", library: kind == .admin ? nil : library)
        let asset = PolicyAsset(
            id: "asset-\(random.below(100_000))",
            collection: random.chance(90) ? V.collections[random.below(V.collections.count)] : "unlisted",
            ownerLibrary: V.libraries[random.below(V.libraries.count)], rights: V.rights[random.below(3)],
            mediaKind: V.mediaKinds[random.below(V.mediaKinds.count)], embargoed: random.chance(10))
        let address = random.chance(10) ? nil : IPAddress("10.\(random.below(5)).\(random.below(256)).\(random.below(256))")
        return PolicyRequest(action: PolicyAction.allCases[random.below(4)], subject: subject, asset: asset, clientAddress: address)
    }
}

/// Requests against the shipped policies: patrons, libraries, anonymous and admins of the example network asking for
/// items of the example collections, from reading rooms, from home and from unknown addresses.
func shippedRequests(count: Int, seed: UInt64) -> [PolicyRequest] {
    var random = SplitMix(state: seed)
    let libraries = ["hlj-provincial", "harbin", "qiqihar", "mudanjiang", "jiamusi", "daqing", "jixi", "shuangyashan",
        "yichun", "qitaihe", "hegang", "beijing"]
    let collections = ["gov-info", "local-docs", "local-people", "regional-culture", "maps"]
    let addresses: [IPAddress?] = ["10.12.3.4", "10.21.0.9", "2001:db8:12::5", "203.0.113.7", "198.51.100.1"].map { IPAddress($0) } + [nil]
    return (0..<count).map { _ in
        let library = libraries[random.below(libraries.count)]
        let subject: PolicySubject
        switch random.below(10) {
        case 0: subject = .anonymous
        case 1: subject = .admin()
        case 2, 3: subject = .library(library)
        default: subject = .patron(random.chance(10) ? "researcher-0017" : "patron-\(random.below(1000))", library: library)
        }
        let asset = PolicyAsset(
            id: "asset-\(random.below(100_000))", collection: collections[random.below(collections.count)],
            ownerLibrary: libraries[random.below(11)], rights: Vocabulary.rights[random.below(3)],
            mediaKind: Vocabulary.mediaKinds[random.below(7)], embargoed: random.chance(10))
        return PolicyRequest(action: PolicyAction.allCases[random.below(4)], subject: subject, asset: asset,
            clientAddress: addresses[random.below(addresses.count)])
    }
}

/// The repository's `Policies/`: Benchmarks/Benchmarks/PolicyDecisions/PolicyDecisions.swift → ../../../Policies.
let policiesDirectory: String = {
    var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    components.removeLast(4)
    return components.joined(separator: "/") + "/Policies"
}()

/// Fixtures are built once, lazily, in the benchmarks' setup hooks, never inside a measurement.
enum Fixtures {
    static let requestCount = 1 << 14
    static let shippedEngine: PolicyEngine = {
        do { return PolicyEngine(try PolicySet.load(directory: policiesDirectory)) } catch {
            fatalError("cannot load \(policiesDirectory):\n\(error)")
        }
    }()
    static let shippedWorkload = shippedRequests(count: requestCount, seed: 7)
    static let generatedText = generatedPolicy(rules: 1_000, seed: 42)
    static let generatedEngine: PolicyEngine = {
        do { return PolicyEngine(try PolicySet.parse(sources: [("generated.yaml", generatedText)])) } catch {
            fatalError("generated policy does not load:\n\(error)")
        }
    }()
    static let generatedWorkload = generatedRequests(count: requestCount, seed: 43)
}

@inline(never)
func decide(_ engine: PolicyEngine, _ requests: [PolicyRequest], count: Int) -> Int {
    var allowed = 0
    let mask = requests.count - 1
    for index in 0..<count where engine.decide(requests[index & mask]).allowed {
        allowed &+= 1
    }
    return allowed
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 20
    )

    Benchmark("decide shipped policies") { benchmark in
        blackHole(decide(Fixtures.shippedEngine, Fixtures.shippedWorkload, count: benchmark.scaledIterations.count))
    } setup: {
        _ = (Fixtures.shippedEngine, Fixtures.shippedWorkload)
    }

    Benchmark("decide 1000 generated rules") { benchmark in
        blackHole(decide(Fixtures.generatedEngine, Fixtures.generatedWorkload, count: benchmark.scaledIterations.count))
    } setup: {
        _ = (Fixtures.generatedEngine, Fixtures.generatedWorkload)
    }

    // What a reload costs: parse, validate and index 1,000 rules (one per iteration).
    Benchmark("load and index 1000 rules", configuration: .init(scalingFactor: .one, maxIterations: 50)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine(try PolicySet.parse(sources: [("generated.yaml", Fixtures.generatedText)])))
        }
    } setup: {
        _ = Fixtures.generatedText
    }
}
