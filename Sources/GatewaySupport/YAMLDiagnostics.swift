public import Yams

/// What the parsers of the gateway's YAML files (policies, library directory, transcode profiles) share to say
/// where a mistake is and what was found there, so each writes `file:line:column: message` the same way.
public enum YAMLDiagnostics {
    /// The 1-based line and column of `node` (1:1 when libyaml gave none).
    public static func position(_ node: Node?) -> (line: Int, column: Int) {
        (node?.mark?.line ?? 1, node?.mark?.column ?? 1)
    }

    /// Whether `node` is YAML's null (`~`, `null`, or a plain empty value).
    public static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue || (scalar.style == .plain && scalar.string.isEmpty)
    }

    /// `a mapping`, `a list`, `an alias`, `nothing`, or the scalar quoted, for "found …" in messages; a quoted empty
    /// scalar is `an empty text`.
    public static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            return scalar.string.isEmpty ? "an empty text" : "'\(scalar.string)'"
        }
    }

    /// A YAML syntax error as a position and the parts of a message: libyaml's problem, its context, and the
    /// character at the error, which often says what to do next (a tab, an unquoted `@`).
    public struct SyntaxError: Sendable, Equatable {
        public var line: Int
        public var column: Int
        /// libyaml's words (e.g. `found character that cannot start any token`), or nil for other failures.
        public var problem: String?
        /// Where the construct that failed began (`while scanning … at 3:1`).
        public var context: String?
        /// The character at the error.
        public var character: Character?
        /// Keys given twice in one mapping.
        public var duplicatedKeys: [String]
        /// Anything else libyaml reported.
        public var other: String?
    }

    /// The parts of `error` in `text`.
    public static func syntaxError(_ error: YamlError, in text: String) -> SyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return SyntaxError(
                line: mark.line, column: mark.column, problem: problem,
                context: context.map { "\($0.text) at \($0.mark.line):\($0.mark.column)" },
                character: character(in: text, at: mark), duplicatedKeys: [], other: nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SyntaxError(
                line: context.mark.line, column: context.mark.column, problem: nil, context: nil, character: nil,
                duplicatedKeys: duplicates, other: nil)
        default:
            return SyntaxError(line: 1, column: 1, problem: nil, context: nil, character: nil, duplicatedKeys: [], other: "\(error)")
        }
    }

    /// The character at a libyaml mark (1-based line, column in Unicode scalars).
    public static func character(in text: String, at mark: Mark) -> Character? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }
}
