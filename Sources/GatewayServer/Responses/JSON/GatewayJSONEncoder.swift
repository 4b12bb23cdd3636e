public import Foundation
public import Hummingbird

/// The gateway's one way of writing JSON: every JSON answer is an `Encodable` value encoded here, as Hummingbird's
/// response encoder of ``GatewayRequestContext``. Keys sorted, slashes not escaped, dates in RFC 3339 (UTC), a
/// trailing newline, `Content-Type: application/json; charset=utf-8`, `Cache-Control: no-store` unless the caller
/// sets its own.
public struct GatewayJSONEncoder: ResponseEncoder {
    public init() {}

    /// The configured encoder (shared settings for answers and for bodies written outside a request).
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601))
        }
        return encoder
    }

    /// `value` as the bytes of a JSON answer (with the trailing newline).
    static func data(_ value: some Encodable) throws -> Data {
        var data = try makeEncoder().encode(value)
        data.append(0x0a)
        return data
    }

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let data = try Self.data(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentLength] = String(data.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Encodable {
    /// This value as a JSON answer through the context's response encoder, with `status` and `headers` (which
    /// replace the encoder's defaults of the same name).
    func jsonResponse(
        status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], request: Request, context: GatewayRequestContext
    ) throws -> Response {
        var response = try context.responseEncoder.encode(self, from: request, context: context)
        response.status = status
        for field in headers { response.headers[field.name] = field.value }
        if request.method == .head { response.body = .init() }
        return response
    }
}
