import Foundation
import Hummingbird
import Logging
import Prometheus
import Synchronization
import TandemCore
import TandemStore

/// What the controllers are given: the stores, the security helpers, the views and the clock. Built once at start.
struct AppServices: Sendable {
    let configuration: AppConfiguration
    let database: TandemDatabase
    let practices: PracticeStore
    let accounts: AccountStore
    let webSessions: WebSessionStore
    let tokens: TokenStore
    let throttle: SignInThrottleStore
    let clients: ClientStore
    let engagements: EngagementStore
    let screenings: ScreeningStore
    let boundaries: BoundaryStore
    let alerts: AlertStore
    let audit: AuditStore
    let passwords: PasswordHasher
    let csrf: CSRFGuard
    let views: Views
    let metrics: PrometheusCollectorRegistry
    let practiceCache: PracticeCache

    var now: Date { self.configuration.now() }

    static func make(_ configuration: AppConfiguration, database: TandemDatabase, metrics: PrometheusCollectorRegistry) async throws -> AppServices {
        let practices = PracticeStore(database)
        return AppServices(
            configuration: configuration,
            database: database,
            practices: practices,
            accounts: AccountStore(database),
            webSessions: WebSessionStore(database),
            tokens: TokenStore(database),
            throttle: SignInThrottleStore(database),
            clients: ClientStore(database),
            engagements: EngagementStore(database),
            screenings: ScreeningStore(database),
            boundaries: BoundaryStore(database),
            alerts: AlertStore(database),
            audit: AuditStore(database),
            passwords: try await PasswordHasher(cost: configuration.bcryptCost),
            csrf: CSRFGuard(key: try await practices.secret(named: "csrf")),
            views: try await Views.load(),
            metrics: metrics,
            practiceCache: PracticeCache()
        )
    }

    /// The practice, once set up. Remembered after the first sighting: set-up never goes back.
    func practice() async throws -> Practice? {
        if let practice = self.practiceCache.value.withLock({ $0 }) { return practice }
        let practice = try await self.practices.practice()
        if let practice { self.practiceCache.value.withLock { $0 = practice } }
        return practice
    }

    /// The frame of a page for the request's visitor.
    func shell(_ title: String, _ context: TandemContext, current: SiteURL? = nil, flash: String? = nil) async throws -> Shell {
        let account = context.identity?.account
        var nav: [Shell.NavItem] = []
        if let account {
            nav.append(.init(label: "Clients", href: SiteURL.clients.path, current: current == .clients))
            nav.append(.init(label: "Engagements", href: SiteURL.engagements.path, current: current == .engagements))
            let open = try await self.alerts.openCount(for: account.id)
            nav.append(.init(label: open > 0 ? "Alerts (\(open))" : "Alerts", href: SiteURL.alerts.path, current: current == .alerts))
            if account.role == .owner {
                nav.append(.init(label: "Team", href: SiteURL.team.path, current: current == .team))
                nav.append(.init(label: "Audit log", href: SiteURL.audit.path, current: current == .audit))
            }
            nav.append(.init(label: "Account", href: SiteURL.account.path, current: current == .account))
        }
        return Shell(
            title: title,
            practiceName: try await self.practice()?.name,
            account: account.map { Shell.SignedIn(name: $0.name, roleLabel: $0.role.label) },
            nav: nav,
            csrf: context.csrfBinding.map { self.csrf.token(for: $0) } ?? "",
            flash: flash
        )
    }
}

/// The practice, remembered once seen.
final class PracticeCache: Sendable {
    let value = Mutex<Practice?>(nil)
}

/// Formats instants for pages: UTC, minute precision, unambiguous.
enum Formats {
    static func dateTime(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).dateTimeSeparator(.space))
            .replacingOccurrences(of: "Z", with: " UTC")
    }

    static func date(_ date: Date) -> String { LocalDate(date).description }
}
