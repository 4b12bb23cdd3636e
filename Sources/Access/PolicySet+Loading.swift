import Foundation

extension PolicySet {
    /// Policy files larger than this are refused: they are hand-written text, and the limit keeps memory bounded.
    public static let maximumFileSize = 4 << 20

    /// Reads every `*.yaml` file in `directory` in file-name order (byte order, so `00-groups.yaml` comes before
    /// `10-open.yaml`) and validates them as one set. Hidden files are skipped.
    ///
    /// - Parameters:
    ///   - directory: the policy directory; diagnostics name files as `directory/file.yaml`.
    ///   - vocabulary: the rights and media kinds rules may name.
    /// - Throws: ``PolicyLoadError`` with every problem in every file, each as `file:line:column: message`.
    public static func load(directory: String, vocabulary: PolicyVocabulary = .standard) throws(PolicyLoadError)
        -> PolicySet
    {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw .unreadableDirectory(directory, reason: "it does not exist")
        }
        guard isDirectory.boolValue else { throw .unreadableDirectory(directory, reason: "it is not a directory") }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableDirectory(directory, reason: "permission denied or unreadable")
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var sources = [(name: String, text: String)]()
        var problems = [PolicyDiagnostic]()
        var notes = [String]()
        let sorted = names.filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in sorted {
            let path = prefix + name
            if name.hasSuffix(".yml") {
                notes.append("\(path): ignored: policy files must end in .yaml (rename it to \(name.dropLast(4)).yaml)")
                continue
            }
            guard name.hasSuffix(".yaml") else { continue }
            let size = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= maximumFileSize else {
                problems.append(PolicyDiagnostic(position: nil, message:
                    "\(path): the file is larger than \(maximumFileSize >> 20) MiB; policy files are short hand-written text"))
                continue
            }
            guard let data = manager.contents(atPath: path) else {
                problems.append(PolicyDiagnostic(position: nil, message: "\(path): cannot read the file; check its permissions"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(PolicyDiagnostic(position: nil, message: "\(path): the file is not UTF-8 text; save it as UTF-8"))
                continue
            }
            sources.append((path, text))
        }
        let set: PolicySet
        do {
            set = try parse(sources: sources, vocabulary: vocabulary)
        } catch {
            throw .invalid(problems + error.entries)
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return PolicySet(
            rules: set.rules, groups: set.groups, networks: set.networks, definitions: set.definitions,
            files: set.files, warnings: notes + set.warnings)
    }

    /// Validates policy files given as text, in the order given.
    ///
    /// - Parameters:
    ///   - sources: `(name, text)` pairs; `name` is how diagnostics and rule positions name the file.
    ///   - vocabulary: the rights and media kinds rules may name.
    /// - Throws: ``PolicyLoadError`` with every problem found.
    public static func parse(sources: [(name: String, text: String)], vocabulary: PolicyVocabulary = .standard)
        throws(PolicyLoadError) -> PolicySet
    {
        var parser = PolicyFileParser(vocabulary: vocabulary)
        for source in sources { parser.add(file: source.name, text: source.text) }
        guard let set = parser.finish() else { throw .invalid(parser.diagnostics) }
        return set
    }
}
