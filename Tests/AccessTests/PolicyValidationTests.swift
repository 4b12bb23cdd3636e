import Access
import Testing

/// Every kind of mistake in a policy file is reported, all of them at once, as `file:line:column: message`.
@Suite struct PolicyValidationTests {
    /// The diagnostics for `sources`, or a failure when they load.
    static func diagnostics(_ sources: [(name: String, text: String)]) -> [String] {
        do {
            let set = try PolicySet.parse(sources: sources)
            Issue.record("expected errors, but the set loaded with \(set.rules.count) rules")
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func diagnostics(_ text: String, file: String = "p.yaml") -> [String] {
        diagnostics([(file, text)])
    }

    static let groups = """
        groups:
          member-libraries: [harbin, qiqihar]
        networks:
          reading-rooms: [10.12.0.0/16]

        """

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown top-level key", text: "rule:\n  - id: a\n", expected: [
            "p.yaml:1:1: unknown key 'rule' in the file (did you mean 'rules'?)",
        ]),
        Case(name: "unknown rule key, and the effect it was meant to be is missing", text: """
            rules:
              - id: a
                efect: allow
                actions: [read]
                subjects: anyone
            """, expected: [
            "p.yaml:2:5: rule 'a' has no 'effect'; write effect: allow or effect: deny",
            "p.yaml:3:5: unknown key 'efect' in a rule (did you mean 'effect'?)",
        ]),
        Case(name: "unknown key without a close match", text: """
            rules:
              - id: a
                effect: allow
                actions: [read]
                subjects: anyone
                priority: 3
            """, expected: [
            "p.yaml:6:5: unknown key 'priority' in a rule (allowed: id, description, effect, actions, subjects, assets, when, limits)",
        ]),
        Case(name: "unknown asset key", text: """
            rules:
              - id: a
                effect: allow
                actions: [read]
                subjects: anyone
                assets: { colections: [gov-info] }
            """, expected: [
            "p.yaml:6:15: unknown key 'colections' in 'assets' (did you mean 'collections'?)",
        ]),
        Case(name: "unknown group reference", text: groups + """
            rules:
              - id: a
                effect: allow
                actions: [read]
                subjects: { libraries: "@member-libaries" }
            """, expected: [
            "p.yaml:9:28: unknown group '@member-libaries' (did you mean '@member-libraries'?)",
        ]),
        Case(name: "unknown group with nothing close", text: groups + """
            rules:
              - id: a
                effect: allow
                actions: [read]
                subjects: anyone
                assets: { owners: [harbin, "@everyone-else"] }
            """, expected: [
            "p.yaml:10:32: unknown group '@everyone-else'; define it under 'groups:'",
        ]),
        Case(name: "unknown network reference", text: groups + """
            rules:
              - id: a
                effect: deny
                actions: all
                subjects: anyone
                when: { not_networks: "@reading-room" }
            """, expected: [
            "p.yaml:10:27: unknown network group '@reading-room' (did you mean '@reading-rooms'?)",
        ]),
        Case(name: "bad CIDR in a network group and in a rule", text: """
            networks:
              rooms: [10.12.0.0/16, 10.12.0.0/33, "2001:db8::/129", reading-room]
            rules:
              - id: a
                effect: allow
                actions: [read]
                subjects: anyone
                when: { networks: ["@rooms", 300.1.2.3] }
            """, expected: [
            "p.yaml:2:25: '10.12.0.0/33' is not an IP address or CIDR block; write e.g. 10.12.0.0/16 or \"2001:db8::/32\"",
            "p.yaml:2:39: '2001:db8::/129' is not an IP address or CIDR block; write e.g. 10.12.0.0/16 or \"2001:db8::/32\"",
            "p.yaml:2:57: 'reading-room' is not an IP address or CIDR block; write e.g. 10.12.0.0/16 or \"2001:db8::/32\"",
            "p.yaml:8:34: '300.1.2.3' is not an IP address or CIDR block; write e.g. 10.12.0.0/16 or \"2001:db8::/32\"",
        ]),
        Case(name: "unknown action", text: """
            rules:
              - id: a
                effect: allow
                actions: [read, donwload, print]
                subjects: anyone
            """, expected: [
            "p.yaml:4:21: unknown action 'donwload' (did you mean 'download'?); actions are read, download, stream, deliver or all",
            "p.yaml:4:31: unknown action 'print'; actions are read, download, stream, deliver or all",
        ]),
        Case(name: "unknown effect", text: """
            rules:
              - id: a
                effect: alow
                actions: all
                subjects: anyone
            """, expected: [
            "p.yaml:3:13: unknown effect 'alow' (did you mean 'allow'?); write allow or deny",
        ]),
        Case(name: "missing id, effect, actions and subjects", text: """
            rules:
              - description: a rule with nothing in it
            """, expected: [
            "p.yaml:2:5: rule has no 'id'; give every rule a unique id such as 'members-read-local-documents'",
            "p.yaml:2:5: rule has no 'effect'; write effect: allow or effect: deny",
            "p.yaml:2:5: rule has no 'actions'; write e.g. actions: [read, stream] or actions: all",
            "p.yaml:2:5: rule has no 'subjects'; write subjects: anyone or e.g. subjects: { kinds: [library] }",
        ]),
        Case(name: "a stamp that is not one of the four", text: """
            rules:
              - id: stamped
                effect: allow
                actions: [deliver]
                subjects: anyone
                limits: { stamp: signature }
              - id: stamped-twice
                effect: allow
                actions: [deliver]
                subjects: anyone
                limits: { stamp: [cover] }
            """, expected: [
            "p.yaml:6:22: 'stamp' must be none, cover, watermark or cover+watermark, found 'signature'",
            "p.yaml:11:22: 'stamp' must be none, cover, watermark or cover+watermark, found a list",
        ]),
        Case(name: "wrong types", text: """
            rules:
              - id: [a, b]
                effect: allow
                actions: { read: true }
                subjects: [anyone]
                assets: { embargoed: sometimes, collections: { a: b } }
                limits: { downloads_per_day: twenty, concurrent_streams: -1, delivery_ttl_days: 1.5 }
              - just a string
            """, expected: [
            "p.yaml:2:9: 'id' must be a name such as members-read-local-documents, found a list",
            "p.yaml:4:14: 'actions' must be a list such as [a, b] or a \"@group\", found a mapping",
            "p.yaml:5:15: 'subjects' must be a mapping such as { libraries: \"@member-libraries\", kinds: [patron] } (or the word anyone), found a list",
            "p.yaml:6:26: 'embargoed' must be true or false, found 'sometimes'",
            "p.yaml:6:50: 'collections' must be a list such as [a, b] or a \"@group\", found a mapping",
            "p.yaml:7:34: 'downloads_per_day' must be a whole number of 0 or more, found 'twenty'",
            "p.yaml:7:62: 'concurrent_streams' must be a whole number of 0 or more, found '-1'",
            "p.yaml:7:85: 'delivery_ttl_days' must be a whole number of 0 or more, found '1.5'",
            "p.yaml:8:5: each rule is a mapping with id, effect, actions, subjects and optionally assets, when, limits; found 'just a string'",
        ]),
        Case(name: "subjects spelled wrong", text: """
            rules:
              - id: a
                effect: allow
                actions: all
                subjects: anybody
              - id: b
                effect: allow
                actions: all
                subjects: { kinds: [patrons, robot] }
            """, expected: [
            "p.yaml:5:15: 'subjects' must be anyone or a mapping such as { libraries: \"@member-libraries\" }, found 'anybody'",
            "p.yaml:9:25: unknown subject kind 'patrons' (did you mean 'patron'?); kinds are anonymous, patron, library, admin",
            "p.yaml:9:34: unknown subject kind 'robot'; kinds are anonymous, patron, library, admin",
        ]),
        Case(name: "unknown rights and media kinds", text: """
            rules:
              - id: a
                effect: allow
                actions: all
                subjects: anyone
                assets: { rights: [in-copyrigth], media_kinds: [vidoe] }
            """, expected: [
            "p.yaml:6:24: unknown rights 'in-copyrigth' (did you mean 'in-copyright'?); rights are open, in-copyright, restricted",
            "p.yaml:6:53: unknown media kind 'vidoe' (did you mean 'video'?); media_kinds are pdf, epub, text, image, audio, video, other",
        ]),
        Case(name: "empty list and missing value", text: """
            rules:
              - id: a
                effect: allow
                actions: all
                subjects: anyone
                assets:
                  collections: []
                  owners:
            """, expected: [
            "p.yaml:7:20: 'collections' is an empty list, which matches nothing; remove the key to match everything, or name at least one value",
            "p.yaml:8:14: 'owners' has no value; write a list such as [a, b] or a \"@group\", or remove the key",
        ]),
        Case(name: "a group that includes itself", text: """
            groups:
              a: [harbin, "@b"]
              b: ["@a"]
            rules:
              - id: r
                effect: allow
                actions: all
                subjects: { libraries: "@a" }
            """, expected: [
            "p.yaml:3:7: group 'b' includes itself through '@a'; remove the circular reference",
        ]),
        Case(name: "an unquoted reference is a YAML error with a hint", text: """
            rules:
              - id: a
                effect: allow
                actions: all
                subjects: { libraries: @member-libraries }
            """, expected: [
            "p.yaml:5:28: YAML syntax error: found character that cannot start any token (while scanning for the next token at 5:28); a reference must be quoted, e.g. \"@member-libraries\"",
        ]),
        Case(name: "a key given twice", text: """
            rules:
              - id: a
                effect: allow
                effect: deny
                actions: all
                subjects: anyone
            """, expected: [
            "p.yaml:3:5: key 'effect' appears more than once in the same mapping; keep one",
        ]),
        Case(name: "a file that is a list", text: "- id: a\n", expected: [
            "p.yaml:1:1: a policy file is a mapping with the keys groups, networks and rules, found a list",
        ]),
        Case(name: "group name written with @", text: """
            groups:
              "@members": [harbin]
            rules:
              - id: a
                effect: allow
                actions: all
                subjects: { libraries: "@members" }
            """, expected: [
            "p.yaml:2:3: write the group name without '@' where it is defined ('members'); use '@' only to refer to it",
        ]),
    ]

    @Test(arguments: cases)
    func reportsExactly(_ test: Case) {
        #expect(Self.diagnostics(test.text) == test.expected)
    }

    @Test func duplicateRuleIDsAcrossFilesNameTheFirstDefinition() {
        let rule = "rules:\n  - id: open\n    effect: allow\n    actions: [read]\n    subjects: anyone\n"
        let diagnostics = Self.diagnostics([("Policies/10-open.yaml", rule), ("Policies/20-more.yaml", "# more\n" + rule)])
        #expect(diagnostics == [
            "Policies/20-more.yaml:3:9: duplicate rule id 'open' (first defined at Policies/10-open.yaml:2:9); rule ids must be unique across all policy files",
        ])
    }

    @Test func duplicateGroupsAcrossFiles() {
        let diagnostics = Self.diagnostics([
            ("a.yaml", "groups:\n  members: [harbin]\n"),
            ("b.yaml", "groups:\n  members: [qiqihar]\nrules:\n  - id: r\n    effect: allow\n    actions: all\n    subjects: { libraries: \"@members\" }\n"),
        ])
        #expect(diagnostics == [
            "b.yaml:2:3: group 'members' is already defined at a.yaml:2:3; give it another name or merge the two",
        ])
    }

    /// A reference may point at a group defined in a later file; errors come sorted by file, line and column.
    @Test func everyErrorInEveryFileIsReportedInOrder() {
        let diagnostics = Self.diagnostics([
            ("10-a.yaml", "rules:\n  - id: a\n    effect: allow\n    actions: [red]\n    subjects: { libraries: \"@late\" }\n"),
            ("20-b.yaml", "groups:\n  late: [harbin]\nrules:\n  - id: b\n    effect: alow\n    actions: all\n    subjects: anyone\n"),
            ("30-c.yaml", "rules: [\n"),
        ])
        #expect(diagnostics == [
            "10-a.yaml:4:15: unknown action 'red' (did you mean 'read'?); actions are read, download, stream, deliver or all",
            "20-b.yaml:5:13: unknown effect 'alow' (did you mean 'allow'?); write allow or deny",
            "30-c.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node at 2:1)",
        ])
    }

    @Test func errorsAreAPublicStructWithAllDiagnostics() {
        do {
            _ = try PolicySet.parse(sources: [("x.yaml", "rules: 3\nextra: 1\n")])
            Issue.record("expected an error")
        } catch {
            #expect(error.entries.count == 2)
            #expect(error.entries[0].position == PolicySourcePosition(file: "x.yaml", line: 1, column: 8))
            #expect(error.description == error.diagnostics.joined(separator: "\n"))
        }
    }
}
