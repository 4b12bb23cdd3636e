extension PolicyRule {
    /// The spelling of ``actions`` in explanations: `all`, or the actions in their canonical order.
    var actionsDescription: String {
        if actions.count == PolicyAction.allCases.count { return "all" }
        return "[" + PolicyAction.allCases.filter(actions.contains).map(\.rawValue).joined(separator: ", ") + "]"
    }

    /// Evaluates the rule condition by condition, in words. This is the reference semantics; ``PolicyEngine``'s
    /// indexed fast path must agree with it (the tests check that on random requests).
    public func evaluate(_ request: PolicyRequest) -> PolicyRuleEvaluation {
        var holds = [String]()
        func result(_ failure: String?) -> PolicyRuleEvaluation {
            PolicyRuleEvaluation(
                ruleID: id, effect: effect, source: source, matched: failure == nil,
                reason: failure ?? holds.joined(separator: "; "), limits: limits)
        }
        func quoted(_ name: String?) -> String { name.map { "'\($0)'" } ?? "(none)" }

        guard actions.contains(request.action) else {
            return result("action '\(request.action)' not in \(actionsDescription)")
        }
        holds.append("action '\(request.action)' in \(actionsDescription)")

        let subject = request.subject
        if subjects.matchesAnyone {
            holds.append("subjects: anyone")
        } else {
            if let kinds = subjects.kinds {
                let names = PolicySubject.Kind.allCases.filter(kinds.contains).map(\.rawValue)
                let list = "[" + names.joined(separator: ", ") + "]"
                guard kinds.contains(subject.kind) else {
                    return result("subject kind '\(subject.kind)' not in \(list)")
                }
                holds.append("subject kind '\(subject.kind)' in \(list)")
            }
            if let libraries = subjects.libraries {
                guard let library = subject.library else {
                    return result("subject has no library; rule needs one in \(libraries)")
                }
                guard libraries.contains(library) else { return result("library '\(library)' not in \(libraries)") }
                holds.append("library '\(library)' in \(libraries)")
            }
            if let ids = subjects.ids {
                guard ids.contains(subject.id) else { return result("subject id \(quoted(subject.id)) not in \(ids)") }
                holds.append("subject id \(quoted(subject.id)) in \(ids)")
            }
        }

        let asset = request.asset
        let assetChecks: [(String, PolicyNameList?, String)] = [
            ("collection", assets.collections, asset.collection),
            ("rights", assets.rights, asset.rights),
            ("owner library", assets.owners, asset.ownerLibrary),
            ("media kind", assets.mediaKinds, asset.mediaKind),
        ]
        for (label, list, value) in assetChecks {
            guard let list else { continue }
            guard list.contains(value) else { return result("\(label) '\(value)' not in \(list)") }
            holds.append("\(label) '\(value)' in \(list)")
        }
        if let embargoed = assets.embargoed {
            guard asset.embargoed == embargoed else {
                return result(asset.embargoed ? "asset is embargoed" : "asset is not embargoed")
            }
            holds.append(asset.embargoed ? "asset is embargoed" : "asset is not embargoed")
        }

        let address = request.clientAddress.map { "client address \($0)" } ?? "client address unknown"
        if let networks = when.networks {
            guard networks.contains(request.clientAddress) else { return result("\(address) not in \(networks)") }
            holds.append("\(address) in \(networks)")
        }
        if let notNetworks = when.notNetworks {
            guard !notNetworks.contains(request.clientAddress) else { return result("\(address) in \(notNetworks)") }
            holds.append("\(address) not in \(notNetworks)")
        }
        return result(nil)
    }
}
