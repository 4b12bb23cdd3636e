import Access
import AssetStore
public import Hummingbird
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
