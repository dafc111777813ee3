import Foundation
import Hummingbird
import Prometheus

/// Liveness, readiness and metrics for whoever runs Tandem. None of them reads or shows clinical data.
struct OperationsController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get("/livez") { _, _ in
            try JSON.response(["status": "ok"])
        }
        router.get("/healthz") { _, context in
            do {
                try await self.services.app.administration.ping()
                return try JSON.response(["status": "ok"])
            } catch {
                context.logger.error("Health check failed", metadata: ["type": .string(String(reflecting: type(of: error)))])
                return try JSON.response(["status": "unavailable"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            self.services.metrics.emit(into: &bytes)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
