import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization
import TandemApp

/// Builds the whole app for `configuration`: opens (and migrates) the database, loads the templates, and wires the
/// router. Tests call this exactly as `tandem serve` does; only the configuration differs.
public func buildApplication(
    _ configuration: AppConfiguration,
    logger: Logger = Logger(label: "tandem"),
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    // An installation from before encryption is sealed at this start, table by table: its progress goes to the log.
    let app = try await App.open(
        configuration.database, keys: configuration.keys, bcryptCost: configuration.bcryptCost, logger: logger, statements: configuration.statements,
        now: configuration.now,
        progress: { table, done, total in
            logger.info("Encrypting stored records", metadata: ["table": .string(table), "done": "\(done)", "of": "\(total)"])
        }
    )
    let services: AppServices
    do {
        services = try await AppServices.make(configuration, app: app, metrics: metrics)
    } catch {
        try? await app.close()
        throw error
    }
    let router = try buildRouter(services, logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        services: [DatabaseService(app: app)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The routes and their middleware. Order matters: logging and metrics see the final status, errors become pages or
/// JSON before they reach them, and every page passes the session middleware.
func buildRouter(_ services: AppServices, logger: Logger, inventory: RouteInventory = RouteInventory()) throws -> Router<TandemContext> {
    let router = Router(context: TandemContext.self)
    // Every route goes through here, so the authorization tests can enumerate them all.
    let routes = InventoryRouter(router: router, inventory: inventory)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: RouteMetricsMiddleware(registry: services.metrics))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: InPlaceMiddleware())
    router.add(middleware: ErrorMiddleware(services: services, inventory: inventory))
    if let publicFolder = Bundle.module.url(forResource: "Public", withExtension: nil) {
        router.add(middleware: FileMiddleware(publicFolder.path, urlBasePath: "/static"))
    }

    OperationsController(services: services).addRoutes(to: routes.group())
    try OpenAPIController().addRoutes(to: routes.group())

    // The client's API has its own tokens; it is a group of its own so the practitioner's token check never runs on it.
    let portalAPI = routes.group("api/v1/portal").add(middleware: PortalTokenMiddleware(services: services))
    PortalAPIController(services: services).addRoutes(to: portalAPI.group(context: ClientContext.self))

    // Every practitioner route but sign-in and set-up runs in a SignedInContext: its account is never optional.
    let api = routes.group("api/v1").add(middleware: TokenAuthMiddleware(services: services)).group(context: SignedInContext.self)
    ClientsAPIController(services: services).addRoutes(to: api)
    EngagementsAPIController(services: services).addRoutes(to: api)
    SessionsAPIController(services: services).addRoutes(to: api)
    MeasuresAPIController(services: services).addRoutes(to: api)
    NotesAPIController(services: services).addRoutes(to: api)

    let portal = routes.group("portal").add(middleware: PortalSessionMiddleware(services: services))
    PortalPagesController(services: services).addRoutes(to: portal, signedIn: portal.group(context: ClientContext.self))

    let visitors = routes.group().add(middleware: SessionMiddleware(services: services))
    SetupController(services: services).addRoutes(to: visitors)
    SignInController(services: services).addRoutes(to: visitors)
    let pages = visitors.group(context: SignedInContext.self)
    ClientPagesController(services: services).addRoutes(to: pages)
    TeamController(services: services).addRoutes(to: pages)
    AccountController(services: services).addRoutes(to: pages)
    AuditController(services: services).addRoutes(to: pages)
    EngagementPagesController(services: services).addRoutes(to: pages)
    ScreeningPagesController(services: services).addRoutes(to: pages)
    BoundaryPagesController(services: services).addRoutes(to: pages)
    AlertsController(services: services).addRoutes(to: pages)
    SessionPagesController(services: services).addRoutes(to: pages)
    NotePagesController(services: services).addRoutes(to: pages)
    PsychotherapyNotePagesController(services: services).addRoutes(to: pages)
    QuestionsController(services: services).addRoutes(to: pages)
    ProgressPagesController(services: services).addRoutes(to: pages)
    PortalSettingsController(services: services).addRoutes(pages: pages, api: api)
    return router
}

/// Keeps the database open while the app runs and closes it after the server has drained, on graceful shutdown.
struct DatabaseService: Service {
    let app: App

    func run() async throws {
        try? await gracefulShutdown()
        try await self.app.close()
    }
}

/// The routes as they were added: method and path pattern (`{id}` for parameters).
final class RouteInventory: Sendable {
    struct Route: Sendable, Hashable {
        let method: HTTPRequest.Method
        let path: String
    }
    private let routes = Mutex<[Route]>([])

    var all: [Route] { self.routes.withLock { $0 } }

    func add(_ method: HTTPRequest.Method, _ path: String) { self.routes.withLock { $0.append(Route(method: method, path: path)) } }

    /// The methods some route takes at this path (a `{parameter}` segment matches any one segment).
    func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [HTTPRequest.Method] = []
        for route in self.all {
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard pattern.count == segments.count,
                zip(pattern, segments).allSatisfy({ $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == $1 }),
                !methods.contains(route.method)
            else { continue }
            methods.append(route.method)
        }
        return methods
    }
}

/// Adds routes to the router and records each in the inventory.
struct InventoryRouter: RouterMethods {
    typealias Context = TandemContext
    let router: Router<TandemContext>
    let inventory: RouteInventory

    @discardableResult func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
    where Responder.Context == TandemContext {
        self.inventory.add(method, path.description.hasPrefix("/") ? path.description : "/" + path.description)
        self.router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, TandemContext>) -> Self {
        self.router.add(middleware: middleware)
        return self
    }
}
