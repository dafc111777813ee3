import Hummingbird
import Prometheus

/// Counts requests and times them per route pattern, into the registry `/metrics` serves.
struct RouteMetricsMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let method = request.method.rawValue
            self.registry.makeCounter(name: "tandem_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))])
                .increment()
            self.registry.makeDurationHistogram(
                name: "tandem_http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.buckets
            )
            .record(ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
