import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The dashboard of open alerts: boundary incidents for the practice owner, safety signals (later) for the
/// practitioner. Each is marked reviewed by its recipient.
struct AlertsController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.alerts.pattern)) { request, context in
            let account = context.account
            var rows: [AlertsPage.Row] = []
            for entry in try await self.services.app.alerts.entries(for: account) {
                let (alert, item) = (entry.alert, entry.engagement)
                rows.append(
                    .init(
                        kind: alert.kind.label, kindClass: alert.kind.rawValue, raised: Formats.dateTime(alert.createdAt),
                        client: item?.clientName ?? "—",
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
            let account = context.account
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            try await self.services.app.alerts.resolve(try context.id(), by: account)
            return Response.redirect(to: Flash.alertResolved.appended(to: SiteURL.alerts.path), type: .normal)
        }
    }
}
