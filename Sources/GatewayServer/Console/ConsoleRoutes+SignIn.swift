import Access
import AdminConsole
import Foundation
import Logging
import HTTPTypes
import Hummingbird

extension ConsoleRoutes {
    /// `GET /admin/sign-in?next=…`: the key form. A random token in a cookie and in the form guards the sign-in
    /// itself against cross-site posts.
    @Sendable func signInPage(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await consoleRequest(request, context: context)
        let next = Self.safeNext(console.query["next"])
        if console.session != nil { return Self.redirect(next) }
        let token = ConsoleSessionToken.make().csrf
        var values: [String: Any] = ["csrf": token, "next": next]
        if console.query["ended"] == "1" { values["notice"] = console.word("sessionEnded") }
        if console.query["out"] == "1" { values["notice"] = console.word("signedOut") }
        return page(
            .signIn, console: console, title: console.word("signIn"), section: nil, values: values,
            cookies: [Self.cookie(ConsoleRequest.signInCookie, token, maxAge: 3600, secure: console.secure)])
    }

    /// `POST /admin/sign-in` (`key`, `next`, `csrf`): a live key opens a session and goes on to `next`. A wrong,
    /// malformed or revoked key gets one message that says nothing about which; repeated failures from one address
    /// are slowed down (429 with `Retry-After`).
    @Sendable func signIn(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await consoleRequest(request, context: context)
        let form = try await ConsoleRequest.form(request)
        let next = Self.safeNext(form["next"])
        let client = context.client.description
        func again(_ status: HTTPResponse.Status, _ problem: String, headers extra: HTTPFields = [:]) -> Response {
            let token = ConsoleSessionToken.make().csrf
            var response = page(
                .signIn, console: console, status: status, title: console.word("signIn"), section: nil,
                values: ["csrf": token, "next": next, "problem": problem],
                cookies: [Self.cookie(ConsoleRequest.signInCookie, token, maxAge: 3600, secure: console.secure)])
            for field in extra { response.headers.append(field) }
            return response
        }
        guard let expected = console.cookies[ConsoleRequest.signInCookie],
            ConsoleRequest.constantTimeEqual(expected, form["csrf"] ?? "")
        else {
            return again(.forbidden, console.word("csrfRefused"))
        }
        if let wait = throttle.wait(for: client) {
            var headers = HTTPFields()
            headers[.retryAfter] = String(wait)
            return again(.tooManyRequests, console.word("tooMany"), headers: headers)
        }
        let key: APIKey?
        do {
            key = try await services.apiKeys.authenticate(token: (form["key"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        guard let key else {
            services.logger.notice("console sign-in refused", metadata: ["client": "\(client)"])
            if let wait = throttle.failed(client) {
                var headers = HTTPFields()
                headers[.retryAfter] = String(wait)
                return again(.tooManyRequests, console.word("signInFailed") + " " + console.word("tooMany"), headers: headers)
            }
            return again(.unauthorized, console.word("signInFailed"))
        }
        throttle.succeeded(client)
        let lifetime = services.configuration.consoleSessionSeconds
        let opened: (session: ConsoleSession, token: String)
        do {
            opened = try await services.apiKeys.openSession(keyID: key.id, expiresAt: Date().addingTimeInterval(Double(lifetime)))
        } catch ConsoleSessionError.keyNotLive {
            return again(.unauthorized, console.word("signInFailed"))
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        services.logger.notice(
            "console sign-in", metadata: ["key": "\(key.id)", "kind": "\(key.kind.rawValue)", "client": "\(client)"])
        return Self.redirect(
            next,
            cookies: [
                Self.cookie(ConsoleRequest.sessionCookie, opened.token, maxAge: lifetime + 86_400, secure: console.secure),
                Self.clearedCookie(ConsoleRequest.signInCookie, secure: console.secure),
            ])
    }

    /// `POST /admin/sign-out` (`csrf`): ends the session on the server and in the browser.
    @Sendable func signOut(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        _ = try await checkedForm(request, console: console)
        if let token = console.cookies[ConsoleRequest.sessionCookie] {
            do { try await services.apiKeys.endSession(token: token) } catch { throw GatewayError.storeUnavailable(error, logger: services.logger) }
        }
        return Self.redirect("/admin/sign-in?out=1", cookies: [Self.clearedCookie(ConsoleRequest.sessionCookie, secure: console.secure)])
    }
}
