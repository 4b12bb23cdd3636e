import Foundation

/// The body of every error answer (README, "HTTP interface"): `{"error": {"code": …, "message": …}}`, plus details for some.
struct ErrorBody: Encodable, Sendable {
    struct Detail: Encodable, Sendable {
        var code: String
        var message: String
    }

    var error: Detail
    /// Every `file:line:column` error of a refused policy reload.
    var errors: [String]?

    init(code: String, message: String, errors: [String]? = nil) {
        error = Detail(code: code, message: message)
        self.errors = errors
    }

    /// The encoded body, for answers planned before any request context exists (the fast path's 412 and 416).
    static func text(code: String, message: String) -> String {
        let data = (try? GatewayJSONEncoder.data(ErrorBody(code: code, message: message))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
