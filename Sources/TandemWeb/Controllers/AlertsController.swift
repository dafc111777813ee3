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
            try await self.page(request, context)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.resolveAlert))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: Alert.ID = try context.id()
            // Each card's note field is named for its alert, so ids stay unique on a page of several.
            let field = "note-\(id)"
            do {
                try await self.services.app.alerts.resolve(id, note: form[field], by: account)
            } catch TandemError.validation(let errors) {
                // The note is each alert's own field: the summary links to this one's.
                let keyed = errors.map { FieldError(field: field, message: $0.message) }
                return try await self.page(request, context, errors: keyed, values: [field: form[field] ?? ""], status: .unprocessableContent)
            }
            return Response.redirect(to: Flash.alertResolved.appended(to: SiteURL.alerts.path), type: .normal)
        }
    }

    private func page(
        _ request: Request, _ context: SignedInContext, errors: [FieldError] = [], values: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let account = context.account
        let entries = try await self.services.app.alerts.entries(for: account)
        let page = AlertsPage(
            shell: try await self.services.shell("Alerts", context, current: .alerts, flash: Flash.from(request)),
            hasAlerts: !entries.isEmpty,
            alerts: AlertCard.cards(entries, zone: account.sessionDefaults.zone, values: values, errors: errors),
            errorSummary: ErrorSummary(errors)
        )
        return try self.services.views.render(page, status: status)
    }
}
