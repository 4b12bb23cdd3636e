/// Problems found while loading `Transcode/*.yaml`, each as `file:line:column: message`.
public struct ProfileCatalogError: Error, Sendable, CustomStringConvertible {
    /// One line per problem, `file:line:column: message (did you mean …?)`.
    public let diagnostics: [String]

    init(diagnostics: [String]) { self.diagnostics = diagnostics }

    public var description: String {
        diagnostics.joined(separator: "\n")
    }
}
