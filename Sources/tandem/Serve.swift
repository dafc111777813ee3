import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import TandemApp
import TandemStore
import TandemWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Tandem server.")

    @Option(name: .long, help: "Address to listen on (env TANDEM_HOST). Default: 127.0.0.1")
    var host: String?

    @Option(name: .long, help: "Port to listen on (env TANDEM_PORT). Default: 8080")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Mark cookies Secure; use behind HTTPS (env TANDEM_SECURE_COOKIES=1).")
    var secureCookies = false

    @Option(
        name: .long,
        help: "The address of a reverse proxy whose X-Forwarded-For is believed, for the sign-in throttle (env TANDEM_TRUSTED_PROXY); repeatable"
    )
    var trustedProxy: [String] = []

    @Option(name: .long, help: "Minutes without activity before a signed-in session ends (env TANDEM_SESSION_IDLE_MINUTES). Default: 15")
    var sessionIdleMinutes: Int?

    @Option(name: .long, help: "Hours after sign-in when a session ends however active (env TANDEM_SESSION_MAX_HOURS). Default: 12")
    var sessionMaxHours: Int?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var configuration = AppConfiguration()
        configuration.host = self.host ?? env["TANDEM_HOST"] ?? "127.0.0.1"
        configuration.port = try self.port ?? Environment.int("TANDEM_PORT") ?? 8080
        configuration.database = try self.database.location()
        configuration.keys = self.database.keys()
        configuration.secureCookies = self.secureCookies || Environment.flag("TANDEM_SECURE_COOKIES")
        configuration.trustedProxies = Set(
            self.trustedProxy
                + (env["TANDEM_TRUSTED_PROXY"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                })
        let idle = try self.sessionIdleMinutes ?? Environment.int("TANDEM_SESSION_IDLE_MINUTES") ?? 15
        guard (1...720).contains(idle) else { throw ValidationError("--session-idle-minutes must be from 1 to 720.") }
        configuration.sessionIdleTimeout = TimeInterval(idle * 60)
        let lifetime = try self.sessionMaxHours ?? Environment.int("TANDEM_SESSION_MAX_HOURS") ?? 12
        guard (1...168).contains(lifetime) else { throw ValidationError("--session-max-hours must be from 1 to 168.") }
        configuration.sessionLifetime = TimeInterval(lifetime * 3600)
        guard (0...65535).contains(configuration.port) else { throw ValidationError("--port must be from 0 to 65535.") }
        if let cost = try Environment.int("TANDEM_BCRYPT_COST") {
            guard (4...16).contains(cost) else { throw ValidationError("TANDEM_BCRYPT_COST must be from 4 to 16.") }
            configuration.bcryptCost = UInt8(cost)
        }

        let logger = Environment.makeLogger()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let host = configuration.host
        let location = configuration.database
        do {
            let app = try await buildApplication(configuration, logger: logger, metrics: registry) { port in
                // Written straight to the file descriptor so it shows at once even when stdout is a pipe.
                FileHandle.standardOutput.write(Data("Tandem is running at http://\(host):\(port)/ (data: \(location))\n".utf8))
            }
            try await app.runService()
        } catch let error as KeyError {
            throw refusal(error)
        } catch let error as TandemDatabase.OpenError {
            throw refusal(error)
        }
    }
}
