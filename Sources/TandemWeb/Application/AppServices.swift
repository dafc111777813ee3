import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Synchronization
import TandemApp
import TandemCore

/// What the controllers are given: the application layer, the security helpers, the views and the clock. Built once
/// at start.
struct AppServices: Sendable {
    let configuration: AppConfiguration
    /// The application layer: the use cases moved there so far (see docs/ARCHITECTURE.md).
    let app: App
    let invitationDelivery: any InvitationDelivery
    /// The questionnaires, loaded and checked at start: a broken definition stops start-up.
    let instruments: InstrumentLibrary
    let csrf: CSRFGuard
    let views: Views
    let metrics: PrometheusCollectorRegistry
    let practiceCache: PracticeCache

    var now: Date { self.configuration.now() }

    static func make(_ configuration: AppConfiguration, app: App, metrics: PrometheusCollectorRegistry) async throws -> AppServices {
        AppServices(
            configuration: configuration,
            app: app,
            invitationDelivery: ShowTheLink(),
            instruments: app.instruments,
            csrf: CSRFGuard(key: try await app.administration.secret(named: "csrf")),
            views: try await Views.load(),
            metrics: metrics,
            practiceCache: PracticeCache()
        )
    }

    /// The practice, once set up. Remembered after the first sighting: set-up never goes back.
    func practice() async throws -> Practice? {
        if let practice = self.practiceCache.value.withLock({ $0 }) { return practice }
        let practice = try await self.app.administration.practice()
        if let practice { self.practiceCache.value.withLock { $0 = practice } }
        return practice
    }

    /// The frame of a page for the request's visitor.
    /// Where a request came from, for the sign-in throttle: the peer, or the last address a trusted proxy added to
    /// `X-Forwarded-For`. A request with no peer (an in-process test) counts as one unknown address.
    func clientAddress(_ request: Request, _ context: some TandemRequestContext) -> String {
        let peer = context.base.peerAddress ?? "unknown"
        guard self.configuration.trustedProxies.contains(peer), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] else {
            return peer
        }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : last
    }

    func shell(_ title: String, _ context: some TandemRequestContext, current: SiteURL? = nil, flash: String? = nil) async throws -> Shell {
        let context = context.base
        let account = context.identity?.account
        var nav: [Shell.NavItem] = []
        if let account {
            nav.append(.init(label: "Today", href: SiteURL.today.path, current: current == .today))
            nav.append(.init(label: "Clients", href: SiteURL.clients.path, current: current == .clients))
            nav.append(.init(label: "Engagements", href: SiteURL.engagements.path, current: current == .engagements))
            nav.append(.init(label: "Questions", href: SiteURL.questions.path, current: current == .questions))
            let open = try await self.app.alerts.openCount(for: account)
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

/// Formats instants and dates for people: in the viewer's zone, "Tue 1 Dec 2026, 14:15", by arithmetic.
enum Formats {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Tue 1 Dec 2026": a calendar date as people read it.
    static func date(_ day: LocalDate) -> String { "\(Self.weekdays[day.weekday]) \(Self.shortDate(day))" }

    /// "1 Dec 2026": for tables and charts, where the weekday crowds.
    static func shortDate(_ day: LocalDate) -> String { "\(day.day) \(Self.months[day.month - 1]) \(day.year)" }

    /// "Tue 1 Dec 2026" for the instant's day in the viewer's zone.
    static func date(_ date: Date, in zone: TimeZone) -> String { Self.date(Self.day(date, in: zone)) }

    /// "Tue 1 Dec 2026, 14:15" in the viewer's zone (the zone is named where it is not obvious).
    static func dateTime(_ date: Date, in zone: TimeZone) -> String { "\(Self.date(date, in: zone)), \(Self.time(date, in: zone))" }

    /// "Tue 1 Dec 2026, 14:15:07": the audit log's precision.
    static func preciseDateTime(_ date: Date, in zone: TimeZone) -> String {
        let (_, _, _, _, _, ss) = Self.fields(date, offset: zone.secondsFromGMT(for: date))
        return Self.dateTime(date, in: zone) + String(format: ":%02d", ss)
    }

    /// Calendar fields of `date` shifted by `offset` seconds, by arithmetic (Foundation's formatters and calendars
    /// cost far more per call on Linux, and a page formats dozens of dates).
    static func fields(_ date: Date, offset: Int) -> (Int, Int, Int, Int, Int, Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (y, m, d) = LocalDate.civil(daysSince1970: days)
        return (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// The zone as its offset from UTC at `date` ("UTC−5", "UTC+5:30", "UTC"), for a client, who is shown no zone id.
    static func offset(_ zone: TimeZone, at date: Date) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        guard seconds != 0 else { return "UTC" }
        let sign = seconds < 0 ? "−" : "+"
        let (h, m) = (abs(seconds) / 3600, abs(seconds) % 3600 / 60)
        return "UTC\(sign)\(h)" + (m == 0 ? "" : String(format: ":%02d", m))
    }

    /// The zone's name as people write it ("UTC", not Foundation's "GMT").
    static func zoneName(_ zone: TimeZone) -> String { zone.identifier == "GMT" ? "UTC" : zone.identifier }

    /// "14:00" in the zone.
    static func time(_ date: Date, in zone: TimeZone) -> String {
        let (_, _, _, hh, mm, _) = Self.fields(date, offset: zone.secondsFromGMT(for: date))
        return String(format: "%02d:%02d", hh, mm)
    }

    /// The calendar day of `date` in the zone.
    static func day(_ date: Date, in zone: TimeZone) -> LocalDate {
        let (y, m, d, _, _, _) = Self.fields(date, offset: zone.secondsFromGMT(for: date))
        return LocalDate(year: y, month: m, day: d)!
    }

    /// The instant a local date and time ("2026-11-26", "14:00") names in the zone; nil if either does not parse.
    static func instant(date: String?, time: String?, in zone: TimeZone) -> Date? {
        guard let day = date.flatMap({ LocalDate($0.trimmingCharacters(in: .whitespaces)) }) else { return nil }
        let parts = (time ?? "").trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// The start of a local day in the zone.
    static func startOfDay(_ day: LocalDate, in zone: TimeZone) -> Date {
        self.instant(date: day.description, time: "00:00", in: zone)!
    }
}
