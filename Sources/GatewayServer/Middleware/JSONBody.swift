import Foundation
import Hummingbird
import NIOCore

/// Reading small JSON request bodies with precise 400/413 answers.
enum JSONBody {
    static func decode<Body: Decodable>(_ request: Request, shape: String) async throws -> Body {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            throw GatewayError(.contentTooLarge, code: "body_too_large", message: "A request body is at most 64 KiB of JSON.")
        }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw GatewayError.badRequest("invalid_json", "The request lacks '\(key.stringValue)'. Expected \(shape).")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty
        {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw GatewayError.badRequest("invalid_json", "'\(path)' has the wrong type or value. Expected \(shape).")
        } catch {
            throw GatewayError.badRequest("invalid_json", "The body must be JSON: \(shape).")
        }
    }
}
