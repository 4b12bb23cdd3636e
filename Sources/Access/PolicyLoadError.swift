/// The policy files could not be loaded. Carries every problem found, not only the first, so an administrator can fix
/// them all in one go; the previous policy set stays in force.
public struct PolicyLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Base: Sendable, Hashable {
        case invalid([PolicyDiagnostic])
        case unreadableDirectory(path: String, reason: String)
    }

    private let base: Base

    static func invalid(_ diagnostics: [PolicyDiagnostic]) -> PolicyLoadError {
        PolicyLoadError(base: .invalid(diagnostics))
    }

    static func unreadableDirectory(_ path: String, reason: String) -> PolicyLoadError {
        PolicyLoadError(base: .unreadableDirectory(path: path, reason: reason))
    }

    /// Every problem, in file order.
    public var entries: [PolicyDiagnostic] {
        switch base {
        case .invalid(let diagnostics):
            return diagnostics
        case .unreadableDirectory(let path, let reason):
            let message = "\(path): cannot read the policy directory (\(reason)); check the path (policy directory in "
                + "Config/gateway.yaml or GATEWAY_POLICIES_DIR) and its permissions"
            return [PolicyDiagnostic(position: nil, message: message)]
        }
    }

    /// Every problem as `file:line:column: message`.
    public var diagnostics: [String] { entries.map(\.description) }

    /// All problems, one per line.
    public var description: String { diagnostics.joined(separator: "\n") }
}
