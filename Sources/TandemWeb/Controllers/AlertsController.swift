import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The dashboard of open alerts: boundary incidents for the practice owner, safety signals (later) for the
/// practitioner. Each is marked reviewed by its recipient.
struct AlertsController: Sendable {
    let services: AppServices

    struct AlertsPage: PageModel {
        static let template = "alerts"
        struct Row: Sendable {
            let kind: String
            let kindClass: String
            let raised: String
            let client: String
            let engagementLabel: String
            let engagementHref: String?
            let practitioner: String
            let resolveHref: String
        }
        let shell: Shell
        let hasAlerts: Bool
        let alerts: [Row]
    }

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get(RouterPath(SiteURL.alerts.pattern)) { request, context in
            let account = try context.requireAccount()
            var rows: [AlertsPage.Row] = []
            for alert in try await self.services.alerts.open(for: account.id) {
                let item = try await alert.engagementID.asyncMap { try await self.services.engagements.find($0) } ?? nil
                rows.append(.init(
                    kind: alert.kind.label, kindClass: alert.kind.rawValue, raised: Formats.dateTime(alert.createdAt), client: item?.clientName ?? "—",
                    engagementLabel: item.map { "\($0.engagement.role.label) engagement" } ?? "—",
                    engagementHref: item.map { SiteURL.engagement($0.engagement.id).path }, practitioner: item?.practitionerName ?? "—",
                    resolveHref: SiteURL.resolveAlert(alert.id).path
                ))
            }
            let page = AlertsPage(
                shell: try await self.services.shell("Alerts", context, current: .alerts, flash: Flash.from(request)),
                hasAlerts: !rows.isEmpty, alerts: rows
            )
            return try self.services.views.render(page)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.resolveAlert))) { request, context in
            let account = try context.requireAccount()
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            guard let id = context.parameters.get("id").flatMap(Alert.ID.init),
                try await self.services.alerts.resolve(id, by: account.id, at: self.services.now)
            else { throw TandemError.notFound("The alert") }
            return Response.redirect(to: Flash.alertResolved.appended(to: SiteURL.alerts.path), type: .normal)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
