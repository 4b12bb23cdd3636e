import Foundation
import HTTPTypes
import Hummingbird

/// Refuses a `GET` or `HEAD` that declares a body (`Content-Length` above zero, or `Transfer-Encoding`), with 400
/// and `Connection: close`, before any route decides anything.
///
/// Admission (link, policy, expiry, revocation, delivery window) is decided when a request head arrives, but a
/// response goes out only once the request has ended: a client that declared a body and held it back could get a
/// file long after its link was revoked or expired. No client of this gateway sends a body with a read, so such a
/// request is refused at once instead, and its connection closed once the answer is written, so the body held back
/// is never waited for (the sendfile fast path passes such a request here, never answering it itself).
struct BodilessReadMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head, Self.declaresBody(request.headers) else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.connection] = "close"
        var response = try GatewayError(
            .badRequest, code: "body_not_allowed",
            message: "A GET or HEAD request must not carry a body. Send the request again without one.", headers: headers
        ).response(from: request, context: context)
        let channel = context.channel
        response.body = response.body.observed { _, _ in
            // Hummingbird would otherwise wait for the declared body before reading the next request.
            channel.close(promise: nil)
        }
        return response
    }

    /// Whether the head announces body bytes.
    static func declaresBody(_ headers: HTTPFields) -> Bool {
        if headers[.transferEncoding] != nil { return true }
        guard let length = headers[.contentLength] else { return false }
        return length.trimmingCharacters(in: .whitespaces) != "0"
    }
}
