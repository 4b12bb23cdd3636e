public import Foundation
import Yams

extension ProfileCatalog {
    /// Loads every `*.yaml` / `*.yml` file in `directory` (normally `Transcode/`, holding `profiles.yaml`),
    /// in name order, and validates them as a whole.
    ///
    /// - Throws: ``ProfileCatalogError`` listing every problem as `file:line:column: message`,
    ///   with a suggestion where one is close (unknown keys, codecs, containers; duplicate names).
    public static func load(directory: URL) throws -> ProfileCatalog {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw ProfileCatalogError(diagnostics: [
                "\(directory.path): cannot list the profile directory: \(error.localizedDescription)"
            ])
        }
        if files.isEmpty {
            throw ProfileCatalogError(diagnostics: ["\(directory.path): no profiles.yaml found; create one (see Transcode/README.md)"])
        }
        var sources: [(name: String, text: String)] = []
        for file in files {
            do {
                sources.append((directory.lastPathComponent + "/" + file.lastPathComponent, try String(contentsOf: file, encoding: .utf8)))
            } catch {
                throw ProfileCatalogError(diagnostics: ["\(file.path): cannot read: \(error.localizedDescription)"])
            }
        }
        return try parse(sources: sources)
    }

    /// Parses and validates YAML texts; `sources` pairs a file name (used in messages) with its contents.
    public static func parse(sources: [(name: String, text: String)]) throws -> ProfileCatalog {
        var validator = ProfileValidator()
        for source in sources { validator.validate(file: source.name, yaml: source.text) }
        if !validator.diagnostics.isEmpty { throw ProfileCatalogError(diagnostics: validator.diagnostics) }
        return ProfileCatalog(profiles: validator.profiles)
    }
}
