import Hummingbird
import Logging

/// One log line per request: method, route pattern, status, duration. Never the URL itself: its query string may
/// hold a client's name (a search), and logs must hold no clinical text.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    /// The app's logger (not the context's), so where request lines go is decided in one place.
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            self.log(request, context, status: response.status.code, since: start)
            return response
        } catch let error as HTTPResponseError {
            self.log(request, context, status: error.status.code, since: start)
            throw error
        } catch {
            self.log(request, context, status: 500, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        self.logger.info(
            "request",
            metadata: [
                "request_id": context.logger[metadataKey: "hb.request.id"] ?? "-",
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(status),
                "ms": .string(String(format: "%.2f", ms)),
            ]
        )
    }
}
