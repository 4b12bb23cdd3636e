/// Decides requests against a ``PolicySet``: a pure function of the set and the request.
///
/// Semantics: default deny; any matching deny rule wins over every allow rule; the limits of all matching allow rules
/// combine field by field by the minimum. Rules are indexed by action and collection, so a decision costs the rules
/// that could apply to the request, not the whole set.
public struct PolicyEngine: Sendable {
    public let policySet: PolicySet
    let index: PolicyIndex
    let ruleIDs: [String]

    public init(_ policySet: PolicySet) {
        self.policySet = policySet
        self.index = PolicyIndex(policySet)
        self.ruleIDs = policySet.rules.map(\.id)
    }

    /// The request's attributes as symbol numbers, looked up on first use only (most rules test one or two).
    struct Attributes {
        let symbols: [String: Int32]
        var library: Int32 = -2
        var id: Int32 = -2
        var rights: Int32 = -2
        var owner: Int32 = -2
        var mediaKind: Int32 = -2
        var address: (UInt64, UInt64)??

        @inline(__always)
        func symbol(_ name: String?) -> Int32 {
            guard let name else { return -1 }
            return symbols[name] ?? -1
        }

        mutating func library(_ request: borrowing PolicyRequest) -> Int32 {
            if library == -2 { library = symbol(request.subject.library) }
            return library
        }
        mutating func id(_ request: borrowing PolicyRequest) -> Int32 {
            if id == -2 { id = symbol(request.subject.id) }
            return id
        }
        mutating func rights(_ request: borrowing PolicyRequest) -> Int32 {
            if rights == -2 { rights = symbol(request.asset.rights) }
            return rights
        }
        mutating func owner(_ request: borrowing PolicyRequest) -> Int32 {
            if owner == -2 { owner = symbol(request.asset.ownerLibrary) }
            return owner
        }
        mutating func mediaKind(_ request: borrowing PolicyRequest) -> Int32 {
            if mediaKind == -2 { mediaKind = symbol(request.asset.mediaKind) }
            return mediaKind
        }
        mutating func address(_ request: borrowing PolicyRequest) -> (UInt64, UInt64)? {
            if let address { return address }
            let halves = request.clientAddress.map(CompiledNetworkRange.halves)
            address = .some(halves)
            return halves
        }
    }

    /// Decides one request.
    public func decide(_ request: PolicyRequest) -> PolicyDecision {
        let index = self.index
        let slot = Int(index.collectionSlots[request.asset.collection] ?? 0)
        let range = request.action.index * index.slotCount + slot
        let start = Int(index.candidateStart[range])
        let end = Int(index.candidateEnd[range])
        var attributes = Attributes(symbols: index.symbols)
        let kindBit = request.subject.kind.bit
        let embargoed: Int8 = request.asset.embargoed ? 1 : 0
        var firstAllow = -1
        var limits = PolicyLimits.none
        for position in start..<end {
            let number = Int(index.candidates[position])
            let rule = index.rules[number]
            if rule.kinds != 0, rule.kinds & kindBit == 0 { continue }
            if rule.embargoed >= 0, rule.embargoed != embargoed { continue }
            if rule.libraries.isConditional, !index.contains(rule.libraries, attributes.library(request)) { continue }
            if rule.ids.isConditional, !index.contains(rule.ids, attributes.id(request)) { continue }
            if rule.rights.isConditional, !index.contains(rule.rights, attributes.rights(request)) { continue }
            if rule.owners.isConditional, !index.contains(rule.owners, attributes.owner(request)) { continue }
            if rule.mediaKinds.isConditional, !index.contains(rule.mediaKinds, attributes.mediaKind(request)) {
                continue
            }
            if rule.networks.isConditional, !index.inNetworks(rule.networks, attributes.address(request)) { continue }
            if rule.notNetworks.isConditional, index.inNetworks(rule.notNetworks, attributes.address(request)) {
                continue
            }
            if rule.isDeny {
                return PolicyDecision(allowed: false, ruleID: ruleIDs[number], limits: .none, reason: .deniedByPolicy)
            }
            if firstAllow < 0 {
                firstAllow = number
                limits = index.limits[number]
            } else {
                limits = limits.combined(with: index.limits[number])
            }
        }
        guard firstAllow >= 0 else {
            return PolicyDecision(allowed: false, ruleID: nil, limits: .none, reason: .noMatchingRule)
        }
        return PolicyDecision(allowed: true, ruleID: ruleIDs[firstAllow], limits: limits, reason: .allowed)
    }
}
