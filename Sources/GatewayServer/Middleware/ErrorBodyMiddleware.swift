import Hummingbird
import Logging
import PostgresStore

/// Turns errors that are not already ``GatewayError`` (the router's 404 and 405, body decoding errors, unexpected
/// failures) into the JSON error body, so every error a client sees has the same shape.
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            throw error
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: throw GatewayError.notFound()
            case .methodNotAllowed:
                throw GatewayError(.methodNotAllowed, code: "method_not_allowed", message: "This address does not accept \(request.method).")
            default:
                throw GatewayError(error.status, code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as PostgresStoreError where error.isUnavailable {
            // The shared database is away: nothing that needs it (a quota, a delivery, a key) is decided without it.
            context.logger.error("shared database unavailable", metadata: ["error": "\(error)"])
            var headers = HTTPFields()
            headers[.retryAfter] = "5"
            throw GatewayError(
                .serviceUnavailable, code: "database_unavailable",
                message: "The gateway cannot reach its database just now. Try again in a few seconds.", headers: headers)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw GatewayError(.internalServerError, code: "internal_error", message: "The gateway could not answer. Try again later.")
        }
    }
}
