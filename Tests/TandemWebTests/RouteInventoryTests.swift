import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TandemApp
import TandemStore
import Testing

@testable import TandemWeb

/// The routes the app serves, as the router recorded them while it was built.
enum Routes {
    static func all() async throws -> [RouteInventory.Route] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-routes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = AppConfiguration()
        configuration.database = .dataDirectory(directory.path)
        configuration.bcryptCost = 4
        var logger = Logger(label: "routes")
        logger.logLevel = .warning
        let app = try await App.open(configuration.database, bcryptCost: configuration.bcryptCost, logger: logger)
        let services = try await AppServices.make(configuration, app: app, metrics: .init())
        let inventory = RouteInventory()
        _ = try buildRouter(services, logger: logger, inventory: inventory)
        try await app.close()
        return inventory.all
    }
}

@Suite("The route inventory")
struct RouteInventoryTests {
    @Test("Every route is recorded once, with its method and pattern")
    func inventory() async throws {
        let routes = try await Routes.all()
        #expect(Set(routes).count == routes.count, "no route is registered twice")
        #expect(routes.contains(RouteInventory.Route(method: .get, path: "/api/v1/engagements/{id}")))
        #expect(routes.contains(RouteInventory.Route(method: .post, path: "/portal/action-steps/{id}/check")))
        #expect(routes.contains(RouteInventory.Route(method: .get, path: "/clients")))
    }
}
