import Access
import AssetStore
public import Hummingbird
import Logging
import NIOCore

/// An error answered to a client as `{"error": {"code": …, "message": …}}` with the right status (README, "HTTP interface"; docs/ARCHITECTURE.md).
/// Every domain error is mapped to HTTP here and nowhere else.
public struct GatewayError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public var headers: HTTPFields
    /// Details listed beside the error (the `file:line:column` errors of a refused policy reload).
    var details: [String]?

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func badRequest(_ code: String, _ message: String) -> GatewayError {
        GatewayError(.badRequest, code: code, message: message)
    }

    static func notFound(_ message: String = "No such item. Check the address or ask your library.") -> GatewayError {
        GatewayError(.notFound, code: "not_found", message: message)
    }

    /// The object store could not give bytes that are not cached here: 503 with `Retry-After`, the cause logged.
    static func storeUnavailable(_ error: any Error, logger: Logger) -> GatewayError {
        logger.error("object store unavailable", metadata: ["error": "\(error)"])
        var headers = HTTPFields()
        headers[.retryAfter] = "5"
        return GatewayError(
            .serviceUnavailable, code: "store_unavailable",
            message: "The item's storage cannot be reached just now. Try again in a few seconds.", headers: headers)
    }

    /// The HTTP form of an access failure. 401s carry `WWW-Authenticate`.
    init(_ error: AccessError) {
        switch error.kind {
        case .unauthenticated:
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = #"Bearer realm="literature-gateway", SignedLink"#
            self.init(.unauthorized, code: error.code, message: error.description, headers: headers)
        case .forbidden:
            self.init(.forbidden, code: error.code, message: error.description)
        case .gone:
            self.init(.gone, code: error.code, message: error.description)
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        let data = try GatewayJSONEncoder.data(ErrorBody(code: code, message: message, errors: details))
        headers[.contentLength] = String(data.count)
        let body: ResponseBody = request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: data))
        return Response(status: status, headers: headers, body: body)
    }
}
