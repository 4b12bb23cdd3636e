import Foundation
import Mustache

/// The patron pages' swift-mustache templates (`Templates/*.mustache`, a resource of this module): markup lives
/// there and every value is HTML-escaped by the template engine (`{{value}}`; the templates use no unescaped tags),
/// so no page depends on remembering an escape call. The Swift side only prepares values (``context(_:)``).
package enum PageTemplates {
    /// The templates, read once. A template that cannot be read or parsed is a build defect, caught by the tests.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for name in ["page-top", "page-bottom", "landing", "gone"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                preconditionFailure("the patron page template \(name).mustache is missing from the Delivery module's resources")
            }
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("the patron page template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// `template` rendered with `values` (control characters in text become spaces first: HTML has no place for them).
    static func render(_ template: String, _ values: [String: Any]) -> String {
        library.render(context(values), withTemplate: template) ?? ""
    }

    /// `value` with every string cleaned of control characters other than tab and newline, recursively (the console's
    /// templates prepare their values with it too).
    package static func context(_ value: Any) -> Any {
        switch value {
        case let text as String: return clean(text)
        case let dictionary as [String: Any]: return dictionary.mapValues(context)
        case let list as [Any]: return list.map(context)
        default: return value
        }
    }

    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.unicodeScalars.append(contentsOf: text.unicodeScalars.map { isControl($0) ? " " : $0 })
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7f
    }
}
