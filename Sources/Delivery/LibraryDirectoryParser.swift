import GatewaySupport
import Foundation
import Yams

/// Turns the text of `Config/libraries.yaml` into a ``LibraryDirectory``, collecting every problem with its
/// `file:line:column` rather than stopping at the first.
struct LibraryDirectoryParser {
    static let topLevelKeys = ["libraries", "default_copyright_notice"]
    static let libraryKeys = ["name", "copyright_notice", "contact", "language"]
    static let textKeys = ["zh", "en"]
    static let contactKeys = ["email", "phone", "url"]

    let file: String
    let text: String
    private(set) var diagnostics: [String] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    // MARK: - Reporting

    mutating func error(_ node: Node?, _ message: String) {
        let line = node?.mark?.line ?? 1
        let column = node?.mark?.column ?? 1
        diagnostics.append("\(file):\(line):\(column): \(message)")
    }

    func isNull(_ node: Node) -> Bool { YAMLDiagnostics.isNull(node) }

    func describe(_ node: Node) -> String { YAMLDiagnostics.describe(node) }

    mutating func unknownKey(_ keyNode: Node, _ key: String, in place: String, known: [String]) {
        if let close = NameSuggestion.closest(to: key.lowercased(), in: known) {
            error(keyNode, "unknown key '\(key)' in \(place) (did you mean '\(close)'?)")
        } else {
            error(keyNode, "unknown key '\(key)' in \(place) (allowed: \(known.joined(separator: ", ")))")
        }
    }

    // MARK: - Parsing

    /// The directory, or `nil` when the file could not be read as YAML at all; check ``diagnostics`` either way.
    mutating func parse() -> LibraryDirectory? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let yamlError as YamlError {
            reportSyntaxError(yamlError)
            return nil
        } catch {
            self.error(nil, "cannot read the file as YAML: \(error)")
            return nil
        }
        guard let root, !isNull(root) else {
            error(nil, "the file is empty; it needs a 'libraries:' mapping of library ids to their names and notices")
            return nil
        }
        guard case .mapping(let mapping) = root else {
            error(
                root,
                "the file is a mapping with the keys 'libraries' and 'default_copyright_notice', found \(describe(root))"
            )
            return nil
        }
        var defaultNotice = LibraryInfo.genericCopyrightNotice
        var librariesNode: Node?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "libraries": librariesNode = value
            case "default_copyright_notice":
                if let notice = localizedText(value, field: "default_copyright_notice") { defaultNotice = notice }
            default: unknownKey(keyNode, key, in: "the file", known: Self.topLevelKeys)
            }
        }
        guard let librariesNode else {
            error(root, "the file needs a 'libraries:' mapping of library ids to their names and notices")
            return nil
        }
        var libraries: [LibraryInfo] = []
        if !isNull(librariesNode) {
            guard case .mapping(let entries) = librariesNode else {
                error(
                    librariesNode,
                    "'libraries' must be a mapping of library ids (such as 'harbin:') to their settings, found \(describe(librariesNode))"
                )
                return nil
            }
            for (idNode, value) in entries {
                if let library = library(idNode, value, defaultNotice: defaultNotice) { libraries.append(library) }
            }
        }
        return LibraryDirectory(libraries: libraries, defaultCopyrightNotice: defaultNotice)
    }

    /// Whether `id` is shaped like the library names policies and keys use: 1–64 letters, digits, `-`, `_`, `.`.
    static func isLibraryID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                    || byte == 0x2d || byte == 0x5f || byte == 0x2e
            }
    }

    mutating func library(_ idNode: Node, _ node: Node, defaultNotice: LibraryInfo.Text) -> LibraryInfo? {
        guard case .scalar(let idScalar) = idNode, Self.isLibraryID(idScalar.string) else {
            error(
                idNode,
                "a library id has 1 to 64 letters, digits, '-', '_' or '.', as in the policy files (e.g. 'harbin'), found \(describe(idNode))"
            )
            return nil
        }
        let id = idScalar.string
        guard case .mapping(let mapping) = node else {
            error(
                node,
                "library '\(id)' needs a mapping with 'name' (zh, en) and optionally 'copyright_notice' and 'contact', found \(describe(node))"
            )
            return nil
        }
        var name: LibraryInfo.Text?
        var notice = defaultNotice
        var contact: LibraryInfo.Contact?
        var language = PageLanguage.zh
        var failed = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "language":
                guard case .scalar(let scalar) = value, let chosen = PageLanguage(rawValue: scalar.string) else {
                    error(value, "language of '\(id)' is zh or en (the language of its PDF cover pages), found \(describe(value))")
                    failed = true
                    continue
                }
                language = chosen
            case "name":
                name = localizedText(value, field: "name of '\(id)'")
                if name == nil { failed = true }
            case "copyright_notice":
                if let text = localizedText(value, field: "copyright_notice of '\(id)'") {
                    notice = text
                } else {
                    failed = true
                }
            case "contact":
                contact = self.contact(value, libraryID: id)
                if contact == nil { failed = true }
            default:
                unknownKey(keyNode, key, in: "library '\(id)'", known: Self.libraryKeys)
                failed = true
            }
        }
        if name == nil, !mapping.keys.contains(where: { $0.string == "name" }) {
            error(
                idNode,
                "library '\(id)' needs a 'name' with 'zh' and 'en', e.g. name: { zh: 哈尔滨市图书馆, en: Harbin Library }")
            failed = true
        }
        guard !failed, let name else { return nil }
        return LibraryInfo(
            id: id, name: name, copyrightNotice: notice, contact: contact?.isEmpty == true ? nil : contact, language: language)
    }

    /// A mapping with a non-empty `zh` and `en`.
    mutating func localizedText(_ node: Node, field: String) -> LibraryInfo.Text? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(field) must be a mapping with 'zh' and 'en' texts, found \(describe(node))")
            return nil
        }
        var values: [String: String] = [:]
        var failed = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard Self.textKeys.contains(key) else {
                unknownKey(keyNode, key, in: field, known: Self.textKeys)
                failed = true
                continue
            }
            guard case .scalar(let scalar) = value, !isNull(value),
                !scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                error(value, "\(field): '\(key)' must be a non-empty text, found \(describe(value))")
                failed = true
                continue
            }
            values[key] = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for key in Self.textKeys where values[key] == nil && !mapping.keys.contains(where: { $0.string == key }) {
            error(node, "\(field) needs a '\(key)' text (both 'zh' and 'en' are shown to patrons)")
            failed = true
        }
        guard !failed, let zh = values["zh"], let en = values["en"] else { return nil }
        return LibraryInfo.Text(zh: zh, en: en)
    }

    mutating func contact(_ node: Node, libraryID id: String) -> LibraryInfo.Contact? {
        if isNull(node) { return LibraryInfo.Contact() }
        guard case .mapping(let mapping) = node else {
            error(node, "contact of '\(id)' must be a mapping with any of email, phone, url; found \(describe(node))")
            return nil
        }
        var contact = LibraryInfo.Contact()
        var failed = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard Self.contactKeys.contains(key) else {
                unknownKey(keyNode, key, in: "contact of '\(id)'", known: Self.contactKeys)
                failed = true
                continue
            }
            guard case .scalar(let scalar) = value, !isNull(value) else {
                error(
                    value,
                    "contact of '\(id)': '\(key)' needs a value, found \(describe(value)); remove the key if there is none"
                )
                failed = true
                continue
            }
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            switch key {
            case "email":
                guard Self.isEmailAddress(text) else {
                    error(
                        value, "contact of '\(id)': '\(text)' is not an e-mail address such as ill@library.example.cn")
                    failed = true
                    continue
                }
                contact.email = text
            case "phone":
                guard Self.isPhoneNumber(text) else {
                    error(
                        value,
                        "contact of '\(id)': '\(text)' is not a telephone number; write digits with optional '+', spaces, '-' and parentheses, such as 0451-85990000"
                    )
                    failed = true
                    continue
                }
                contact.phone = text
            default:
                guard Self.isWebAddress(text) else {
                    error(
                        value,
                        "contact of '\(id)': '\(text)' is not a web address; write it in full, starting with https:// or http://"
                    )
                    failed = true
                    continue
                }
                contact.url = text
            }
        }
        return failed ? nil : contact
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && !"<>\"'()[],;:\\".unicodeScalars.contains($0) }
    }

    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return digits >= 3
            && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " +-()".unicodeScalars.contains($0) }
    }

    static func isWebAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        return !rest.isEmpty && !rest.hasPrefix("/")
            && text.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value < 0x7f && !"<>\"'\\`".unicodeScalars.contains($0)
            }
    }

    mutating func reportSyntaxError(_ yamlError: YamlError) {
        let syntax = YAMLDiagnostics.syntaxError(yamlError, in: text)
        let at = "\(file):\(syntax.line):\(syntax.column)"
        if let problem = syntax.problem {
            var message = "YAML syntax error: \(problem)"
            if let context = syntax.context { message += " (\(context))" }
            if syntax.character == "\t" { message += "; indent with spaces, not tabs" }
            diagnostics.append("\(at): \(message)")
        } else if !syntax.duplicatedKeys.isEmpty {
            let keys = syntax.duplicatedKeys.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.append("\(at): key \(keys) appears more than once in the same mapping; keep one")
        } else {
            diagnostics.append("\(file):1:1: cannot read the file as YAML: \(yamlError)")
        }
    }
}
