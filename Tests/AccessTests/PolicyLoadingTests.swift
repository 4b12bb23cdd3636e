import Access
import Foundation
import Testing

/// Loading a policy directory: file-name order, which files count, and directories that are missing.
@Suite struct PolicyLoadingTests {
    /// A fresh directory with `files` written into it.
    static func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "policy-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    static let rule = "rules:\n  - { id: RULE, effect: allow, actions: all, subjects: anyone }\n"

    @Test func readsYAMLFilesInFileNameOrder() throws {
        let path = try Self.directory([
            "20-b.yaml": Self.rule.replacingOccurrences(of: "RULE", with: "b"),
            "10-a.yaml": Self.rule.replacingOccurrences(of: "RULE", with: "a"),
            "9-c.yaml": Self.rule.replacingOccurrences(of: "RULE", with: "c"),
            "notes.txt": "not a policy",
            ".20-b.yaml.swp": "editor junk",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try PolicySet.load(directory: path)
        #expect(set.rules.map(\.id) == ["a", "b", "c"])
        #expect(set.files == [path + "/10-a.yaml", path + "/20-b.yaml", path + "/9-c.yaml"])
        #expect(set.warnings == [])
        #expect(set.rules[0].source == PolicySourcePosition(file: path + "/10-a.yaml", line: 2, column: 11))
    }

    @Test func ymlFilesAreIgnoredWithAWarning() throws {
        let path = try Self.directory(["10-a.yaml": Self.rule.replacingOccurrences(of: "RULE", with: "a"), "20-b.yml": Self.rule])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try PolicySet.load(directory: path + "/")
        #expect(set.rules.map(\.id) == ["a"])
        #expect(set.warnings == ["\(path)/20-b.yml: ignored: policy files must end in .yaml (rename it to 20-b.yaml)"])
    }

    @Test func emptyDirectoryWarnsThatEverythingIsDenied() throws {
        let path = try Self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try PolicySet.load(directory: path)
        #expect(set.rules.isEmpty)
        #expect(set.warnings == ["no policy rules are defined, so every request will be denied; add rules to a Policies/*.yaml file"])
    }

    @Test func missingDirectoryIsAnError() {
        let path = NSTemporaryDirectory() + "no-such-policies-\(UUID().uuidString)"
        #expect(throws: PolicyLoadError.self) { try PolicySet.load(directory: path) }
        do {
            _ = try PolicySet.load(directory: path)
        } catch {
            #expect(error.diagnostics == ["\(path): cannot read the policy directory (it does not exist); check the path (policy directory in Config/gateway.yaml or GATEWAY_POLICIES_DIR) and its permissions"])
        }
    }

    @Test func errorsNameTheFileByItsPathInTheDirectory() throws {
        let path = try Self.directory([
            "10-a.yaml": "rules:\n  - { id: a, effect: allow, actions: [red], subjects: anyone }\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x72, 0x75, 0x6c, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: path + "/20-b.yaml"))
        do {
            _ = try PolicySet.load(directory: path)
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics == [
                "\(path)/20-b.yaml: the file is not UTF-8 text; save it as UTF-8",
                "\(path)/10-a.yaml:2:39: unknown action 'red' (did you mean 'read'?); actions are read, download, stream, deliver or all",
            ])
        }
    }

    @Test func theShippedDirectoryLoads() throws {
        let set = try PolicySet.load(directory: PolicyFixtures.shippedDirectory)
        #expect(set.rules.count == 14)
        #expect(set.networks["reading-rooms"]?.map(\.description) == ["10.12.0.0/16", "10.20.0.0/14", "2001:db8:12::/48"])
    }
}
