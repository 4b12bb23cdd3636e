public import Foundation
import Delivery
import Mustache

/// The console's swift-mustache templates (`Templates/*.mustache`, resources of this module) and its style sheet:
/// markup lives in the templates and every value is HTML-escaped by the engine (no template uses an unescaped tag);
/// the Swift side prepares values only.
public enum ConsoleTemplates {
    /// The pages a route can render.
    public enum Page: String, CaseIterable, Sendable {
        case signIn = "sign-in", message, overview, deliveries, revoke, access, operations, reports
    }

    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let names = ["layout-top", "layout-bottom"] + Page.allCases.map(\.rawValue)
        for name in names {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                preconditionFailure("the console template \(name).mustache is missing from the AdminConsole module's resources")
            }
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("the console template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// The style sheet served at `/admin/console.css` (the pages load nothing else).
    public static let styleSheet: String = {
        guard let url = Bundle.module.url(forResource: "console", withExtension: "css"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("console.css is missing from the AdminConsole module's resources") }
        return text
    }()

    /// `page` rendered with `values` (strings cleaned of control characters first: HTML has no place for them).
    public static func render(_ page: Page, _ values: [String: Any]) -> String {
        library.render(PageTemplates.context(values), withTemplate: page.rawValue) ?? ""
    }
}
