import Hummingbird

/// Counts every request by route pattern, method and status, and the body bytes actually written, into
/// ``GatewayMetrics``. Installed after ``ErrorBodyMiddleware`` so thrown errors are seen with their final status.
struct RequestMetricsMiddleware: RouterMiddleware {
    let metrics: GatewayMetrics

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            let route = context.endpointPath ?? "unmatched"
            let status = Int(response.status.code)
            let metrics = self.metrics
            response.body = response.body.observed { bytes, _ in
                metrics.recordRequest(route: route, method: method, status: status)
                metrics.recordBytes(route: route, count: bytes)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: method, status: Int(status))
            throw error
        }
    }
}
