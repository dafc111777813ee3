import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import TandemStore

/// Builds the whole app for `configuration`: opens (and migrates) the database, loads the templates, and wires the
/// router. Tests call this exactly as `tandem serve` does; only the configuration differs.
public func buildApplication(
    _ configuration: AppConfiguration,
    logger: Logger = Logger(label: "tandem"),
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let database = try await TandemDatabase.open(configuration.database, logger: logger)
    let services: AppServices
    do {
        services = try await AppServices.make(configuration, database: database, metrics: metrics)
    } catch {
        try? await database.close()
        throw error
    }
    let router = try buildRouter(services, logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        services: [DatabaseService(database: database)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The routes and their middleware. Order matters: logging and metrics see the final status, errors become pages or
/// JSON before they reach them, and every page passes the session middleware.
func buildRouter(_ services: AppServices, logger: Logger) throws -> Router<TandemContext> {
    let router = Router(context: TandemContext.self)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: RouteMetricsMiddleware(registry: services.metrics))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(services: services))
    if let publicFolder = Bundle.module.url(forResource: "Public", withExtension: nil) {
        router.add(middleware: FileMiddleware(publicFolder.path, urlBasePath: "/static"))
    }

    OperationsController(services: services).addRoutes(to: router)
    try OpenAPIController().addRoutes(to: router)

    // The client's API has its own tokens; it is a group of its own so the practitioner's token check never runs on it.
    let portalAPI = router.group("api/v1/portal").add(middleware: PortalTokenMiddleware(services: services))
    PortalAPIController(services: services).addRoutes(to: portalAPI)

    let api = router.group("api/v1").add(middleware: TokenAuthMiddleware(services: services))
    ClientsAPIController(services: services).addRoutes(to: api)
    EngagementsAPIController(services: services).addRoutes(to: api)
    SessionsAPIController(services: services).addRoutes(to: api)
    MeasuresAPIController(services: services).addRoutes(to: api)

    let portal = router.group("portal").add(middleware: PortalSessionMiddleware(services: services))
    PortalPagesController(services: services).addRoutes(to: portal)

    let pages = router.group().add(middleware: SessionMiddleware(services: services))
    SetupController(services: services).addRoutes(to: pages)
    SignInController(services: services).addRoutes(to: pages)
    ClientPagesController(services: services).addRoutes(to: pages)
    TeamController(services: services).addRoutes(to: pages)
    AccountController(services: services).addRoutes(to: pages)
    AuditController(services: services).addRoutes(to: pages)
    EngagementPagesController(services: services).addRoutes(to: pages)
    ScreeningPagesController(services: services).addRoutes(to: pages)
    BoundaryPagesController(services: services).addRoutes(to: pages)
    AlertsController(services: services).addRoutes(to: pages)
    SessionPagesController(services: services).addRoutes(to: pages)
    QuestionsController(services: services).addRoutes(to: pages)
    ProgressPagesController(services: services).addRoutes(to: pages)
    PortalSettingsController(services: services).addRoutes(pages: pages, api: api)
    return router
}

/// Keeps the database open while the app runs and closes it after the server has drained, on graceful shutdown.
struct DatabaseService: Service {
    let database: TandemDatabase

    func run() async throws {
        try? await gracefulShutdown()
        try await self.database.close()
    }
}
