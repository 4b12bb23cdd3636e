import GatewaySupport
import Yams

/// Turns the text of policy files into a ``PolicySet``, collecting every problem on the way (it never stops at the
/// first). Two passes: the first reads each file's structure and the `groups:` and `networks:` definitions; the second,
/// once every definition of every file is known, resolves references and builds the rules.
struct PolicyFileParser {
    /// A `groups:` or `networks:` entry before references are expanded.
    struct Definition {
        var name: String
        var entries: [(text: String, position: PolicySourcePosition)]
        var position: PolicySourcePosition
    }

    /// The two namespaces `@name` can refer to.
    enum Namespace {
        case group
        case network

        var noun: String { self == .group ? "group" : "network group" }
        var section: String { self == .group ? "groups" : "networks" }
    }

    let vocabulary: PolicyVocabulary
    private(set) var diagnostics: [PolicyDiagnostic] = []
    private(set) var warnings: [PolicyDiagnostic] = []
    private var files: [String] = []
    private var groupDefinitions: [String: Definition] = [:]
    private var networkDefinitions: [String: Definition] = [:]
    private var ruleNodes: [(file: String, node: Node)] = []
    private var resolvedGroups: [String: [String]] = [:]
    private var resolvedNetworks: [String: [NetworkRange]] = [:]
    private var usedGroups: Set<String> = []
    private var usedNetworks: Set<String> = []

    static let topLevelKeys = ["groups", "networks", "rules"]
    static let ruleKeys = ["id", "description", "effect", "actions", "subjects", "assets", "when", "limits"]
    static let subjectKeys = ["libraries", "kinds", "ids"]
    static let assetKeys = ["collections", "rights", "owners", "media_kinds", "embargoed"]
    static let whenKeys = ["networks", "not_networks"]
    static let limitKeys = ["downloads_per_day", "concurrent_streams", "delivery_ttl_days", "delivery_max_downloads", "stamp"]

    init(vocabulary: PolicyVocabulary) {
        self.vocabulary = vocabulary
    }

    // MARK: - Reporting

    mutating func error(_ position: PolicySourcePosition?, _ message: String) {
        diagnostics.append(PolicyDiagnostic(position: position, message: message))
    }

    mutating func warning(_ position: PolicySourcePosition?, _ message: String) {
        warnings.append(PolicyDiagnostic(position: position, message: message))
    }

    func position(_ node: Node, in file: String) -> PolicySourcePosition {
        let (line, column) = YAMLDiagnostics.position(node)
        return PolicySourcePosition(file: file, line: line, column: column)
    }

    /// `a mapping`, `a list`, `nothing`, or the scalar quoted, for "found …" in messages.
    func describe(_ node: Node) -> String {
        if case .scalar(let scalar) = node, !isNull(node) { return "'\(scalar.string)'" }
        return YAMLDiagnostics.describe(node)
    }

    func isNull(_ node: Node) -> Bool { YAMLDiagnostics.isNull(node) }

    /// `(did you mean 'x'?)` or, without a close match, the list of what is allowed.
    static func suggestion(for name: String, in candidates: [String], prefix: String = "") -> String {
        if let closest = NameSuggestion.closest(to: name, in: candidates) { return " (did you mean '\(prefix)\(closest)'?)" }
        return ""
    }

    // MARK: - Pass 1: files

    /// Reads one file's structure and definitions; its rules are kept for the second pass.
    mutating func add(file: String, text: String) {
        files.append(file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let yamlError as YamlError {
            reportSyntaxError(yamlError, file: file, text: text)
            return
        } catch {
            self.error(PolicySourcePosition(file: file, line: 1, column: 1), "cannot parse the file: \(error)")
            return
        }
        guard let root, !isNull(root) else { return }  // An empty file (or only comments) defines nothing.
        guard case .mapping(let mapping) = root else {
            error(position(root, in: file),
                "a policy file is a mapping with the keys groups, networks and rules, found \(describe(root))")
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "groups": readDefinitions(value, file: file, namespace: .group)
            case "networks": readDefinitions(value, file: file, namespace: .network)
            case "rules":
                if isNull(value) { continue }
                guard case .sequence(let rules) = value else {
                    error(position(value, in: file), "'rules' must be a list of rules (each starting with '- id:'), found \(describe(value))")
                    continue
                }
                for rule in rules { ruleNodes.append((file, rule)) }
            default:
                unknownKey(keyNode, key: key, in: "the file", known: Self.topLevelKeys, file: file)
            }
        }
    }

    mutating func unknownKey(_ keyNode: Node, key: String, in place: String, known: [String], file: String) {
        let hint = Self.suggestion(for: key, in: known)
        let tail = hint.isEmpty ? " (allowed: \(known.joined(separator: ", ")))" : hint
        error(position(keyNode, in: file), "unknown key '\(key)' in \(place)\(tail)")
    }

    mutating func reportSyntaxError(_ yamlError: YamlError, file: String, text: String) {
        let syntax = YAMLDiagnostics.syntaxError(yamlError, in: text)
        let at = PolicySourcePosition(file: file, line: syntax.line, column: syntax.column)
        if let problem = syntax.problem {
            var message = "YAML syntax error: \(problem)"
            if let context = syntax.context { message += " (\(context))" }
            switch syntax.character {
            case "@": message += "; a reference must be quoted, e.g. \"@member-libraries\""
            case "\t": message += "; indent with spaces, not tabs"
            default: break
            }
            error(at, message)
        } else if !syntax.duplicatedKeys.isEmpty {
            let keys = syntax.duplicatedKeys.map { "'\($0)'" }.joined(separator: ", ")
            error(at, "key \(keys) appears more than once in the same mapping; keep one")
        } else {
            error(at, "cannot read the file as YAML: \(yamlError)")
        }
    }

    mutating func readDefinitions(_ node: Node, file: String, namespace: Namespace) {
        if isNull(node) { return }
        guard case .mapping(let mapping) = node else {
            let example = namespace == .group ? "member-libraries: [harbin, qiqihar]" : "reading-rooms: [10.12.0.0/16]"
            error(position(node, in: file), "'\(namespace.section)' must be a mapping of names to lists, such as \(example); found \(describe(node))")
            return
        }
        for (keyNode, value) in mapping {
            let keyPosition = position(keyNode, in: file)
            guard var name = keyNode.string, !name.isEmpty else {
                error(keyPosition, "a \(namespace.noun) needs a name")
                continue
            }
            if name.hasPrefix("@") {
                error(keyPosition, "write the \(namespace.noun) name without '@' where it is defined ('\(name.dropFirst())'); use '@' only to refer to it")
                name.removeFirst()
            }
            let existing = namespace == .group ? groupDefinitions[name] : networkDefinitions[name]
            if let existing {
                error(keyPosition, "\(namespace.noun) '\(name)' is already defined at \(existing.position); give it another name or merge the two")
                continue
            }
            guard let entries = nameEntries(value, field: name, file: file, emptyIsError: false) else { continue }
            let definition = Definition(name: name, entries: entries, position: keyPosition)
            if namespace == .group { groupDefinitions[name] = definition } else { networkDefinitions[name] = definition }
        }
    }

    /// The entries of a list written as `[a, b]`, a block list, or a lone scalar (`"@group"`); `nil` after an error.
    mutating func nameEntries(_ node: Node, field: String, file: String, emptyIsError: Bool = true)
        -> [(text: String, position: PolicySourcePosition)]?
    {
        if isNull(node) {
            error(position(node, in: file), "'\(field)' has no value; write a list such as [a, b] or a \"@group\", or remove the key")
            return nil
        }
        switch node {
        case .scalar(let scalar):
            return [(scalar.string, position(node, in: file))]
        case .sequence(let sequence):
            var entries = [(text: String, position: PolicySourcePosition)]()
            var failed = false
            for element in sequence {
                guard case .scalar(let scalar) = element, !isNull(element) else {
                    error(position(element, in: file), "each entry of '\(field)' must be a name, found \(describe(element))")
                    failed = true
                    continue
                }
                entries.append((scalar.string, position(element, in: file)))
            }
            if entries.isEmpty, !failed, emptyIsError {
                error(position(node, in: file), "'\(field)' is an empty list, which matches nothing; remove the key to match everything, or name at least one value")
                return nil
            }
            return failed ? nil : entries
        default:
            error(position(node, in: file), "'\(field)' must be a list such as [a, b] or a \"@group\", found \(describe(node))")
            return nil
        }
    }

    // MARK: - Between the passes: definitions

    /// Expands every group and network group (they may refer to each other within their namespace).
    mutating func resolveDefinitions() {
        for name in groupDefinitions.keys.sorted() {
            var visiting = [String]()
            _ = resolveGroup(name, visiting: &visiting)
        }
        for name in networkDefinitions.keys.sorted() {
            var visiting = [String]()
            _ = resolveNetwork(name, visiting: &visiting)
        }
    }

    mutating func unknownReference(_ name: String, at position: PolicySourcePosition, namespace: Namespace) {
        let known = namespace == .group ? Array(groupDefinitions.keys) : Array(networkDefinitions.keys)
        let hint = Self.suggestion(for: name, in: known.sorted(), prefix: "@")
        let tail = hint.isEmpty ? "; define it under '\(namespace.section):'" : hint
        error(position, "unknown \(namespace.noun) '@\(name)'\(tail)")
    }

    mutating func resolveGroup(_ name: String, visiting: inout [String]) -> [String]? {
        if let done = resolvedGroups[name] { return done }
        guard let definition = groupDefinitions[name] else { return nil }
        if visiting.contains(name) { return nil }
        visiting.append(name)
        defer { visiting.removeLast() }
        var names = [String]()
        var seen = Set<String>()
        for entry in definition.entries {
            if entry.text.hasPrefix("@") {
                let reference = String(entry.text.dropFirst())
                usedGroups.insert(reference)
                if visiting.contains(reference) {
                    error(entry.position, "group '\(name)' includes itself through '@\(reference)'; remove the circular reference")
                    continue
                }
                guard groupDefinitions[reference] != nil else {
                    unknownReference(reference, at: entry.position, namespace: .group)
                    continue
                }
                for member in resolveGroup(reference, visiting: &visiting) ?? [] where seen.insert(member).inserted {
                    names.append(member)
                }
            } else if seen.insert(entry.text).inserted {
                names.append(entry.text)
            }
        }
        resolvedGroups[name] = names
        return names
    }

    mutating func resolveNetwork(_ name: String, visiting: inout [String]) -> [NetworkRange]? {
        if let done = resolvedNetworks[name] { return done }
        guard let definition = networkDefinitions[name] else { return nil }
        if visiting.contains(name) { return nil }
        visiting.append(name)
        defer { visiting.removeLast() }
        var ranges = [NetworkRange]()
        for entry in definition.entries {
            if entry.text.hasPrefix("@") {
                let reference = String(entry.text.dropFirst())
                usedNetworks.insert(reference)
                if visiting.contains(reference) {
                    error(entry.position, "network group '\(name)' includes itself through '@\(reference)'; remove the circular reference")
                    continue
                }
                guard networkDefinitions[reference] != nil else {
                    unknownReference(reference, at: entry.position, namespace: .network)
                    continue
                }
                ranges += resolveNetwork(reference, visiting: &visiting) ?? []
            } else if let range = parseRange(entry.text, at: entry.position) {
                ranges.append(range)
            }
        }
        resolvedNetworks[name] = ranges
        return ranges
    }

    mutating func parseRange(_ text: String, at position: PolicySourcePosition) -> NetworkRange? {
        guard let range = NetworkRange(text) else {
            error(position, "'\(text)' is not an IP address or CIDR block; write e.g. 10.12.0.0/16 or \"2001:db8::/32\"")
            return nil
        }
        return range
    }

    // MARK: - Pass 2: rules

    /// Resolves references and builds every rule; returns the set, or `nil` when any error was found.
    mutating func finish() -> PolicySet? {
        resolveDefinitions()
        var rules = [PolicyRule]()
        var firstDefinition = [String: PolicySourcePosition]()
        for (file, node) in ruleNodes {
            guard let rule = readRule(node, file: file) else { continue }
            if let first = firstDefinition[rule.id] {
                // The id's own position points at the value, which is where the reader must look.
                error(rule.source, "duplicate rule id '\(rule.id)' (first defined at \(first)); rule ids must be unique across all policy files")
                continue
            }
            firstDefinition[rule.id] = rule.source
            rules.append(rule)
        }
        for (name, definition) in groupDefinitions where !usedGroups.contains(name) {
            warning(definition.position, "group '\(name)' is not used by any rule")
        }
        for (name, definition) in networkDefinitions where !usedNetworks.contains(name) {
            warning(definition.position, "network group '\(name)' is not used by any rule")
        }
        if rules.isEmpty, diagnostics.isEmpty {
            warning(nil, "no policy rules are defined, so every request will be denied; add rules to a Policies/*.yaml file")
        }
        let order = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func sortKey(_ diagnostic: PolicyDiagnostic) -> (Int, Int, Int) {
            guard let position = diagnostic.position else { return (-1, 0, 0) }
            return (order[position.file] ?? Int.max, position.line, position.column)
        }
        diagnostics = diagnostics.enumerated().sorted { a, b in
            let (ka, kb) = (sortKey(a.element), sortKey(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        warnings = warnings.sorted { sortKey($0) < sortKey($1) }
        guard diagnostics.isEmpty else { return nil }
        var definitions = [String: PolicySourcePosition]()
        for (name, definition) in groupDefinitions { definitions["@" + name] = definition.position }
        for (name, definition) in networkDefinitions { definitions["@" + name] = definition.position }
        return PolicySet(
            rules: rules, groups: resolvedGroups, networks: resolvedNetworks, definitions: definitions, files: files,
            warnings: warnings.map(\.description))
    }

    /// One rule; `nil` after an error in it (the error is recorded).
    mutating func readRule(_ node: Node, file: String) -> PolicyRule? {
        let rulePosition = position(node, in: file)
        guard case .mapping(let mapping) = node else {
            error(rulePosition, "each rule is a mapping with id, effect, actions, subjects and optionally assets, when, limits; found \(describe(node))")
            return nil
        }
        var values = [String: Node]()
        var keyPositions = [String: PolicySourcePosition]()
        var failed = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard Self.ruleKeys.contains(key) else {
                unknownKey(keyNode, key: key, in: "a rule", known: Self.ruleKeys, file: file)
                failed = true
                continue
            }
            values[key] = value
            keyPositions[key] = position(keyNode, in: file)
        }

        var id: String?
        var idPosition = rulePosition
        if let idNode = values["id"] {
            idPosition = position(idNode, in: file)
            if case .scalar(let scalar) = idNode, !isNull(idNode), !scalar.string.isEmpty {
                id = scalar.string
            } else {
                error(idPosition, "'id' must be a name such as members-read-local-documents, found \(describe(idNode))")
                failed = true
            }
        } else {
            error(rulePosition, "rule has no 'id'; give every rule a unique id such as 'members-read-local-documents'")
            failed = true
        }
        let label = id.map { "rule '\($0)'" } ?? "rule"

        var summary: String?
        if let node = values["description"] {
            if case .scalar(let scalar) = node { summary = scalar.string } else {
                error(position(node, in: file), "'description' must be text, found \(describe(node))")
                failed = true
            }
        }

        var effect: PolicyEffect?
        if let node = values["effect"] {
            let text = node.scalar?.string ?? ""
            if let parsed = PolicyEffect(rawValue: text), node.scalar != nil {
                effect = parsed
            } else {
                let hint = node.scalar == nil ? "" : Self.suggestion(for: text, in: PolicyEffect.allCases.map(\.rawValue))
                let found = node.scalar == nil || isNull(node) ? "'effect' must be allow or deny, found \(describe(node))"
                    : "unknown effect '\(text)'\(hint); write allow or deny"
                error(position(node, in: file), found)
                failed = true
            }
        } else {
            error(rulePosition, "\(label) has no 'effect'; write effect: allow or effect: deny")
            failed = true
        }

        var actions: Set<PolicyAction>?
        if let node = values["actions"] {
            actions = readActions(node, file: file)
            if actions == nil { failed = true }
        } else {
            error(rulePosition, "\(label) has no 'actions'; write e.g. actions: [read, stream] or actions: all")
            failed = true
        }

        var subjects: PolicySubjectMatcher?
        if let node = values["subjects"] {
            subjects = readSubjects(node, file: file)
            if subjects == nil { failed = true }
        } else {
            error(rulePosition, "\(label) has no 'subjects'; write subjects: anyone or e.g. subjects: { kinds: [library] }")
            failed = true
        }

        var assets = PolicyAssetMatcher.any
        if let node = values["assets"] {
            if let parsed = readAssets(node, file: file) { assets = parsed } else { failed = true }
        }
        var when = PolicyRequestCondition.always
        if let node = values["when"] {
            if let parsed = readWhen(node, file: file) { when = parsed } else { failed = true }
        }
        var limits = PolicyLimits.none
        if let node = values["limits"] {
            if let parsed = readLimits(node, file: file) { limits = parsed } else { failed = true }
        }

        guard !failed, let id, let effect, let actions, let subjects else { return nil }
        if effect == .deny, !limits.isEmpty, let limitsPosition = keyPositions["limits"] {
            warning(limitsPosition, "limits on deny rule '\(id)' have no effect (a deny refuses the request); remove them")
        }
        return PolicyRule(
            id: id, summary: summary, effect: effect, actions: actions, subjects: subjects, assets: assets, when: when,
            limits: limits, source: idPosition)
    }

    mutating func readActions(_ node: Node, file: String) -> Set<PolicyAction>? {
        guard let entries = nameEntries(node, field: "actions", file: file) else { return nil }
        var actions = Set<PolicyAction>()
        var failed = false
        let known = PolicyAction.allCases.map(\.rawValue) + ["all"]
        for entry in entries {
            if entry.text == "all" {
                actions.formUnion(PolicyAction.allCases)
            } else if let action = PolicyAction(rawValue: entry.text) {
                actions.insert(action)
            } else {
                let hint = Self.suggestion(for: entry.text, in: known)
                error(entry.position, "unknown action '\(entry.text)'\(hint); actions are read, download, stream, deliver or all")
                failed = true
            }
        }
        return failed ? nil : actions
    }

    /// Checks a mapping's keys against `known`; returns the values by key, or `nil` if it is not a mapping.
    mutating func fields(_ node: Node, field: String, known: [String], file: String, example: String)
        -> (values: [String: Node], failed: Bool)?
    {
        guard case .mapping(let mapping) = node else {
            error(position(node, in: file), "'\(field)' must be a mapping such as \(example), found \(describe(node))")
            return nil
        }
        var values = [String: Node]()
        var failed = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if known.contains(key) {
                values[key] = value
            } else {
                unknownKey(keyNode, key: key, in: "'\(field)'", known: known, file: file)
                failed = true
            }
        }
        return (values, failed)
    }

    mutating func readSubjects(_ node: Node, file: String) -> PolicySubjectMatcher? {
        if case .scalar(let scalar) = node, !isNull(node) {
            if scalar.string == "anyone" { return .anyone }
            let hint = Self.suggestion(for: scalar.string, in: ["anyone"])
            error(position(node, in: file), "'subjects' must be anyone or a mapping such as { libraries: \"@member-libraries\" }, found '\(scalar.string)'\(hint)")
            return nil
        }
        guard let (values, failedKeys) = fields(node, field: "subjects", known: Self.subjectKeys, file: file,
            example: "{ libraries: \"@member-libraries\", kinds: [patron] } (or the word anyone)")
        else { return nil }
        var failed = failedKeys
        if values.isEmpty, !failed {
            error(position(node, in: file), "'subjects' is empty; write subjects: anyone to match everyone")
            return nil
        }
        var matcher = PolicySubjectMatcher()
        if let list = values["libraries"] {
            matcher.libraries = readNameList(list, field: "libraries", file: file)
            if matcher.libraries == nil { failed = true }
        }
        if let list = values["ids"] {
            matcher.ids = readNameList(list, field: "ids", file: file)
            if matcher.ids == nil { failed = true }
        }
        if let list = values["kinds"] {
            if let entries = nameEntries(list, field: "kinds", file: file) {
                var kinds = Set<PolicySubject.Kind>()
                for entry in entries {
                    if let kind = PolicySubject.Kind(rawValue: entry.text) {
                        kinds.insert(kind)
                    } else {
                        let hint = Self.suggestion(for: entry.text, in: PolicySubject.Kind.allCases.map(\.rawValue))
                        error(entry.position, "unknown subject kind '\(entry.text)'\(hint); kinds are anonymous, patron, library, admin")
                        failed = true
                    }
                }
                matcher.kinds = kinds
            } else {
                failed = true
            }
        }
        return failed ? nil : matcher
    }

    /// A name list with `@group` references expanded; literal entries checked against `vocabulary` when given.
    mutating func readNameList(_ node: Node, field: String, file: String, vocabulary: [String]? = nil) -> PolicyNameList? {
        guard let entries = nameEntries(node, field: field, file: file) else { return nil }
        var names = Set<String>()
        var failed = false
        for entry in entries {
            if entry.text.hasPrefix("@") {
                let reference = String(entry.text.dropFirst())
                usedGroups.insert(reference)
                guard let members = resolvedGroups[reference] else {
                    if groupDefinitions[reference] == nil { unknownReference(reference, at: entry.position, namespace: .group) }
                    failed = true
                    continue
                }
                names.formUnion(members)
            } else {
                if let vocabulary, !vocabulary.contains(entry.text) {
                    let hint = Self.suggestion(for: entry.text, in: vocabulary)
                    let noun = field == "rights" ? "rights" : "media kind"
                    error(entry.position, "unknown \(noun) '\(entry.text)'\(hint); \(field) are \(vocabulary.joined(separator: ", "))")
                    failed = true
                }
                names.insert(entry.text)
            }
        }
        return failed ? nil : PolicyNameList(written: entries.map(\.text), names: names)
    }

    mutating func readAssets(_ node: Node, file: String) -> PolicyAssetMatcher? {
        guard let (values, failedKeys) = fields(node, field: "assets", known: Self.assetKeys, file: file,
            example: "{ collections: [local-docs], rights: [in-copyright] }")
        else { return nil }
        var failed = failedKeys
        var matcher = PolicyAssetMatcher()
        let lists: [(key: String, vocabulary: [String]?)] = [
            ("collections", nil), ("rights", vocabulary.rights), ("owners", nil), ("media_kinds", vocabulary.mediaKinds),
        ]
        for (key, known) in lists {
            guard let value = values[key] else { continue }
            guard let list = readNameList(value, field: key, file: file, vocabulary: known) else {
                failed = true
                continue
            }
            switch key {
            case "collections": matcher.collections = list
            case "rights": matcher.rights = list
            case "owners": matcher.owners = list
            default: matcher.mediaKinds = list
            }
        }
        if let value = values["embargoed"] {
            if case .scalar = value, let flag = value.bool {
                matcher.embargoed = flag
            } else {
                error(position(value, in: file), "'embargoed' must be true or false, found \(describe(value))")
                failed = true
            }
        }
        return failed ? nil : matcher
    }

    mutating func readWhen(_ node: Node, file: String) -> PolicyRequestCondition? {
        guard let (values, failedKeys) = fields(node, field: "when", known: Self.whenKeys, file: file,
            example: "{ networks: \"@reading-rooms\" }")
        else { return nil }
        var failed = failedKeys
        var condition = PolicyRequestCondition()
        for key in Self.whenKeys {
            guard let value = values[key] else { continue }
            guard let entries = nameEntries(value, field: key, file: file) else {
                failed = true
                continue
            }
            var ranges = [NetworkRange]()
            for entry in entries {
                if entry.text.hasPrefix("@") {
                    let reference = String(entry.text.dropFirst())
                    usedNetworks.insert(reference)
                    guard let members = resolvedNetworks[reference] else {
                        if networkDefinitions[reference] == nil {
                            unknownReference(reference, at: entry.position, namespace: .network)
                        }
                        failed = true
                        continue
                    }
                    ranges += members
                } else if let range = parseRange(entry.text, at: entry.position) {
                    ranges.append(range)
                } else {
                    failed = true
                }
            }
            let list = PolicyNetworkList(written: entries.map(\.text), ranges: ranges)
            if key == "networks" { condition.networks = list } else { condition.notNetworks = list }
        }
        return failed ? nil : condition
    }

    mutating func readLimits(_ node: Node, file: String) -> PolicyLimits? {
        guard let (values, failedKeys) = fields(node, field: "limits", known: Self.limitKeys, file: file,
            example: "{ downloads_per_day: 20, concurrent_streams: 2 }")
        else { return nil }
        var failed = failedKeys
        var limits = PolicyLimits()
        for key in Self.limitKeys {
            guard let value = values[key] else { continue }
            if key == "stamp" {
                guard case .scalar = value, let text = value.string, let stamp = PolicyStamp(text) else {
                    error(position(value, in: file), "'stamp' must be none, cover, watermark or cover+watermark, found \(describe(value))")
                    failed = true
                    continue
                }
                limits.stamp = stamp
                continue
            }
            guard case .scalar = value, value.tag.rawValue == Tag.Name.int.rawValue, let number = value.int, number >= 0 else {
                error(position(value, in: file), "'\(key)' must be a whole number of 0 or more, found \(describe(value))")
                failed = true
                continue
            }
            switch key {
            case "downloads_per_day": limits.downloadsPerDay = number
            case "concurrent_streams": limits.concurrentStreams = number
            case "delivery_ttl_days": limits.deliveryTTLDays = number
            default: limits.deliveryMaxDownloads = number
            }
        }
        return failed ? nil : limits
    }
}
