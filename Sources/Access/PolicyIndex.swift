/// The engine's lookup structure. Rules are bucketed by action and by collection: the candidates for a request are the
/// rules naming its action and its collection plus the rules with no collection condition (the wildcard bucket),
/// precomputed per (action, collection) as one list in rule order. Evaluation never scans the whole set.
struct PolicyIndex: Sendable {
    /// Every name any rule tests, numbered.
    let symbols: [String: Int32]
    /// Collection name → slot; slot 0 is every collection no rule names.
    let collectionSlots: [String: Int32]
    let slotCount: Int
    /// Per (action, slot): the range of ``candidates`` to evaluate.
    let candidateStart: [Int32]
    let candidateEnd: [Int32]
    /// Rule numbers, ascending within each range, so the first match is the first in file order.
    let candidates: [Int32]
    let rules: [CompiledPolicyRule]
    let limits: [PolicyLimits]
    let namePool: [Int32]
    let networkPool: [CompiledNetworkRange]

    init(_ set: PolicySet) {
        var symbols = [String: Int32]()
        var namePool = [Int32]()
        var networkPool = [CompiledNetworkRange]()

        func slice(_ list: PolicyNameList?) -> CompiledPolicyRule.Slice {
            guard let list else { return .unconditional }
            let numbers = list.names.map { name -> Int32 in
                if let number = symbols[name] { return number }
                let number = Int32(symbols.count)
                symbols[name] = number
                return number
            }.sorted()
            let start = Int32(namePool.count)
            namePool += numbers
            return .init(start: start, count: Int32(numbers.count))
        }
        func slice(_ list: PolicyNetworkList?) -> CompiledPolicyRule.Slice {
            guard let list else { return .unconditional }
            let start = Int32(networkPool.count)
            networkPool += list.ranges.map(CompiledNetworkRange.init)
            return .init(start: start, count: Int32(list.ranges.count))
        }

        var compiled = [CompiledPolicyRule]()
        compiled.reserveCapacity(set.rules.count)
        for rule in set.rules {
            let subjects = rule.subjects
            compiled.append(CompiledPolicyRule(
                isDeny: rule.effect == .deny,
                kinds: subjects.kinds.map { $0.reduce(0) { $0 | $1.bit } } ?? 0,
                libraries: slice(subjects.libraries),
                ids: slice(subjects.ids),
                rights: slice(rule.assets.rights),
                owners: slice(rule.assets.owners),
                mediaKinds: slice(rule.assets.mediaKinds),
                embargoed: rule.assets.embargoed.map { $0 ? 1 : 0 } ?? -1,
                networks: slice(rule.when.networks),
                notNetworks: slice(rule.when.notNetworks)))
        }

        var slots = [String: Int32]()
        for rule in set.rules {
            for name in (rule.assets.collections?.names ?? []).sorted() where slots[name] == nil {
                slots[name] = Int32(slots.count + 1)
            }
        }
        let slotCount = slots.count + 1
        let actionCount = PolicyAction.allCases.count
        // buckets[action][slot]: rules naming that collection; slot 0 collects the wildcard rules.
        var buckets = [[[Int32]]](repeating: [[Int32]](repeating: [], count: slotCount), count: actionCount)
        for (number, rule) in set.rules.enumerated() {
            for action in rule.actions {
                if let collections = rule.assets.collections {
                    for name in collections.names { buckets[action.index][Int(slots[name]!)].append(Int32(number)) }
                } else {
                    buckets[action.index][0].append(Int32(number))
                }
            }
        }
        var start = [Int32](), end = [Int32](), candidates = [Int32]()
        for action in 0..<actionCount {
            let wildcard = buckets[action][0]
            for slot in 0..<slotCount {
                let list = slot == 0 ? wildcard : (buckets[action][slot] + wildcard).sorted()
                start.append(Int32(candidates.count))
                candidates += list
                end.append(Int32(candidates.count))
            }
        }

        self.symbols = symbols
        self.collectionSlots = slots
        self.slotCount = slotCount
        self.candidateStart = start
        self.candidateEnd = end
        self.candidates = candidates
        self.rules = compiled
        self.limits = set.rules.map(\.limits)
        self.namePool = namePool
        self.networkPool = networkPool
    }

    /// Whether symbol `number` is in the pool slice (slices are sorted; short ones are scanned, long ones bisected).
    @inline(__always)
    func contains(_ slice: CompiledPolicyRule.Slice, _ number: Int32) -> Bool {
        guard number >= 0 else { return false }
        var low = Int(slice.start)
        var high = low + Int(slice.count)
        if slice.count <= 8 {
            while low < high {
                if namePool[low] == number { return true }
                low += 1
            }
            return false
        }
        while low < high {
            let middle = (low + high) >> 1
            let value = namePool[middle]
            if value == number { return true }
            if value < number { low = middle + 1 } else { high = middle }
        }
        return false
    }

    @inline(__always)
    func inNetworks(_ slice: CompiledPolicyRule.Slice, _ address: (UInt64, UInt64)?) -> Bool {
        guard let (high, low) = address else { return false }
        for index in Int(slice.start)..<Int(slice.start + slice.count)
        where networkPool[index].contains(high: high, low: low) {
            return true
        }
        return false
    }
}
