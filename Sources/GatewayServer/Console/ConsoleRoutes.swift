import Access
import AdminConsole
import Delivery
import Foundation
import Logging
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser console under `/admin/` (the log-management pages librarians use): sign-in with a key exchanged for
/// a session cookie, then overview, deliveries, access, operations and COUNTER reports. Pages are server-rendered
/// HTML from ``AdminConsole``'s templates, with a strict `Content-Security-Policy` (the console's own style sheet
/// and nothing else: no scripts, no other origin). Every form that changes something carries the session's CSRF
/// token; an administrator's key sees the network, a member library's key its own library.
struct ConsoleRoutes: Sendable {
    let services: GatewayServices
    let throttle: SignInThrottle
    let proxies: TrustedProxies

    init(services: GatewayServices) {
        self.services = services
        throttle = SignInThrottle()
        proxies = services.configuration.trustedProxies
    }

    /// Nothing but the console's style sheet; forms post to the console only; never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/admin/console.css") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=300"
            headers[.init("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleTemplates.styleSheet)))
        }
        router.get("/admin/sign-in", use: answering(signInPage))
        router.post("/admin/sign-in", use: answering(signIn))
        router.post("/admin/sign-out", use: answering(signOut))
        router.get("/admin/", use: answering(overview))
        router.get("/admin/overview.csv", use: answering(overviewCSV))
        router.get("/admin/deliveries", use: answering(deliveries))
        router.get("/admin/deliveries/:id/revoke", use: answering(confirmRevoke))
        router.post("/admin/deliveries/:id/revoke", use: answering(revoke))
        router.get("/admin/access", use: answering(access))
        router.get("/admin/operations", use: answering(operations))
        router.post("/admin/keys", use: answering(createKey))
        router.post("/admin/keys/:id/revoke", use: answering(revokeKey))
        router.get("/admin/reports", use: answering(reports))
        router.get("/admin/reports/download", use: answering(downloadReport))

    }

    // MARK: Sessions

    /// The request with its session looked up (nil when signed out, expired, ended or the key revoked).
    func consoleRequest(_ request: Request, context: GatewayRequestContext) async throws -> ConsoleRequest {
        var console = ConsoleRequest(request, context: context, trustedProxies: proxies)
        if let token = console.cookies[ConsoleRequest.sessionCookie] {
            do {
                console.session = try await services.apiKeys.session(token: token, now: Date())
            } catch {
                throw GatewayError.storeUnavailable(error, logger: services.logger)
            }
        }
        return console
    }

    /// The signed-in request; otherwise throws the answer that sends the browser to sign in (and back here
    /// afterwards).
    func signedIn(_ request: Request, context: GatewayRequestContext) async throws -> ConsoleRequest {
        let console = try await consoleRequest(request, context: context)
        guard console.session != nil else {
            let expired = console.cookies[ConsoleRequest.sessionCookie] != nil
            // A form posted after the session ended goes back to the page it came from, not to the POST address.
            let next = request.method == .get ? console.target : "/admin/"
            var location = "/admin/sign-in?next=" + Self.queryEscaped(next)
            if expired { location += "&ended=1" }
            throw ConsoleAnswer(Self.redirect(location, cookies: expired ? [Self.clearedCookie(ConsoleRequest.sessionCookie, secure: console.secure)] : []))
        }
        return console
    }

    /// A POST's fields once its CSRF token matches the session's; otherwise throws the 403 page.
    func checkedForm(_ request: Request, console: ConsoleRequest) async throws -> [String: String] {
        let form = try await ConsoleRequest.form(request)
        guard console.csrfMatches(form["csrf"]) else {
            throw ConsoleAnswer(message(console, .forbidden, console.word("csrfRefused")))
        }
        return form
    }

    /// `handler`, with a thrown ``ConsoleAnswer`` sent as the answer.
    func answering(
        _ handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Response
    ) -> @Sendable (Request, GatewayRequestContext) async throws -> Response {
        { request, context in
            do {
                return try await handler(request, context)
            } catch let answer as ConsoleAnswer {
                return answer.response
            }
        }
    }

    // MARK: Answers

    /// A rendered page with the console's headers.
    func page(
        _ template: ConsoleTemplates.Page, console: ConsoleRequest, status: HTTPResponse.Status = .ok, title: String,
        section: ConsoleSection?, values: [String: Any], cookies: [String] = []
    ) -> Response {
        var all = console.layout(title: title, section: section)
        for (key, value) in values { all[key] = value }
        var headers = Self.pageHeaders()
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        if let chosen = console.chosenLanguage {
            headers.append(HTTPField(name: .setCookie, value: Self.cookie(ConsoleRequest.languageCookie, chosen.rawValue, maxAge: 365 * 86_400, secure: console.secure)))
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleTemplates.render(template, all))))
    }

    /// The message page for a refusal (403, 404, 400 …).
    func message(_ console: ConsoleRequest, _ status: HTTPResponse.Status, _ text: String, back: String = "/admin/") -> Response {
        page(.message, console: console, status: status, title: console.word("error"), section: nil, values: ["problem": text, "backHref": back])
    }

    static func pageHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        return headers
    }

    /// A `303 See Other` to `location` (after a form, the browser asks with GET).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = pageHeaders()
        headers[.location] = location
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A console cookie: `HttpOnly`, `SameSite=Strict`, limited to `/admin`, `Secure` over TLS.
    static func cookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/admin; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearedCookie(_ name: String, secure: Bool) -> String { cookie(name, "", maxAge: 0, secure: secure) }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Only a path inside the console is a place to go back to (never another site: `//host`, `https:`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/admin"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/admin/" }
        return next
    }

    /// `date` as the console shows times: `yyyy-MM-dd HH:mm` in the report time zone.
    func time(_ date: Date?) -> String? {
        guard let date else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.configuration.reportTimeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }
}

/// An answer a console helper gives instead of going on (sign in first, 403, a bad period …).
struct ConsoleAnswer: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
}
