import Access
import AdminConsole
import Delivery
import Foundation
import Logging
import HTTPTypes
import Hummingbird
import NIOCore

/// What every console page needs to know about its request: the session (if signed in), the language, the address
/// asked for (to come back to after signing in), and the form fields of a POST.
struct ConsoleRequest: Sendable {
    static let sessionCookie = "gw_console"
    static let signInCookie = "gw_console_signin"
    static let languageCookie = "gw_lang"

    var session: ConsoleSession?
    var language: PageLanguage
    /// The path and query asked for, e.g. `/admin/deliveries?state=active`.
    var target: String
    var query: [String: String]
    var cookies: [String: String]
    /// Whether the browser reached the gateway over TLS (a trusted proxy said so): cookies are then `Secure`.
    var secure: Bool
    /// `lang` was given in the query: the answer remembers it in a cookie.
    var chosenLanguage: PageLanguage?

    init(_ request: Request, context: GatewayRequestContext, trustedProxies: TrustedProxies) {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        self.query = query
        cookies = Self.cookies(request.headers[values: .cookie])
        target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        chosenLanguage = query["lang"].flatMap { PageLanguage(choice: $0) }
        language =
            chosenLanguage ?? cookies[Self.languageCookie].flatMap { PageLanguage(choice: $0) }
            ?? PageLanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        secure = trustedProxies.reportsTLS(
            peer: context.remoteAddress?.ipAddress.flatMap { IPAddress($0) }, forwarded: request.headers[values: .forwarded],
            xForwardedProto: request.headers[values: .xForwardedProto])
    }

    /// `Cookie` header values as a dictionary (the first of a repeated name wins, as browsers send the most specific
    /// path first).
    static func cookies(_ headers: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for header in headers {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                if result[name] == nil { result[name] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return result
    }

    /// The value of an `application/x-www-form-urlencoded` body (at most 16 KiB).
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 16 * 1024)
        } catch {
            throw GatewayError(.contentTooLarge, code: "body_too_large", message: "A console form is at most 16 KiB.")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return fields
    }

    /// The values every page's layout uses.
    func layout(title: String, section: ConsoleSection?) -> [String: Any] {
        let words = ConsoleText.words(language)
        let other: PageLanguage = language == .zh ? .en : .zh
        var values: [String: Any] = [
            "langTag": language.htmlLanguageTag, "t": words, "pageTitle": title, "otherTag": other.htmlLanguageTag,
            "languageHref": languageHref(other),
        ]
        if let session {
            values["signedIn"] = true
            values["csrf"] = session.csrfToken
            values["who"] =
                session.key.kind == .admin
                ? (words["networkAdmin"] ?? "") : "\(words["libraryKey"] ?? "") \(session.key.library ?? "")"
            values["sections"] = ConsoleSection.allCases.filter { $0.isVisible(to: session) }.map { item -> [String: Any] in
                ["href": item.path, "label": words[item.rawValue] ?? item.rawValue, "current": item == section]
            }
        }
        return values
    }

    /// The address of this page in `language`.
    func languageHref(_ language: PageLanguage) -> String {
        var items = query.filter { $0.key != "lang" }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        var components = URLComponents()
        components.queryItems = items
        return (target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/admin/") + "?" + (components.percentEncodedQuery ?? "")
    }

    /// The words of this request's language.
    var words: [String: String] { ConsoleText.words(language) }

    func word(_ key: String) -> String { words[key] ?? key }

    /// Whether `value` is this session's CSRF token (in constant time).
    func csrfMatches(_ value: String?) -> Bool {
        guard let expected = session?.csrfToken, let value else { return false }
        return Self.constantTimeEqual(expected, value)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// The console's sections, in navigation order.
enum ConsoleSection: String, CaseIterable, Sendable {
    case overview, deliveries, access, operations, reports

    var path: String {
        switch self {
        case .overview: return "/admin/"
        case .deliveries: return "/admin/deliveries"
        case .access: return "/admin/access"
        case .operations: return "/admin/operations"
        case .reports: return "/admin/reports"
        }
    }

    /// Access and operations concern the whole network: administrators only.
    func isVisible(to session: ConsoleSession) -> Bool {
        switch self {
        case .overview, .deliveries, .reports: return true
        case .access, .operations: return session.key.kind == .admin
        }
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
