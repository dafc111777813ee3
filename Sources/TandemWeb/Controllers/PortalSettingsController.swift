import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The practitioner's side of the portal: invitations (shown once, revocable), questionnaire schedules, and whether
/// the client sees their progress picture. Pages and `POST /api/v1/engagements/{id}/invitations`.
struct PortalSettingsController: Sendable {
    let services: AppServices
    var portal: PortalService { PortalService(services: self.services) }

    struct InvitationJSON: Encodable {
        let url: String
        let expiresAt: Date
    }

    struct InvitationPage: PageModel {
        static let template = "invitation"
        let shell: Shell
        let engagementHref: String
        let clientName: String
        let url: String
        let expires: String
        let message: String
    }

    /// The address clients reach Tandem at, as this request came in.
    func baseURL(_ request: Request) -> String {
        let host = request.head.authority ?? "\(self.services.configuration.host):\(self.services.configuration.port)"
        return (self.services.configuration.secureCookies ? "https://" : "http://") + host
    }

    func addRoutes(pages: RouterGroup<TandemContext>, api: RouterGroup<TandemContext>) {
        api.post("engagements/:id/invitations") { request, context in
            let account = try context.requireAccount()
            try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
            let made = try await self.portal.invite(context.parameters.get("id"), baseURL: self.baseURL(request), by: account)
            return try JSON.response(InvitationJSON(url: made.url, expiresAt: made.expiresAt), status: .created)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.invitations))) { request, context in
            let account = try context.requireAccount()
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let view = try await EngagementService(services: self.services).load(context.parameters.get("id"), for: account, need: .write, audit: false)
            let made = try await self.portal.invite(context.parameters.get("id"), baseURL: self.baseURL(request), by: account)
            // Shown in this answer only: never in a redirect, a URL or a log.
            let page = InvitationPage(
                shell: try await self.services.shell("Portal invitation", context, current: .clients), engagementHref: SiteURL.engagement(view.engagement.id).path,
                clientName: view.item.clientName, url: made.url,
                expires: Formats.dateTime(made.expiresAt, in: account.sessionDefaults.zone) + " (\(Formats.zoneName(account.sessionDefaults.zone)))", message: made.message
            )
            return try self.services.views.render(page, status: .created)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.revokeInvitation))) { request, context in
            let account = try context.requireAccount()
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let engagement = try await self.portal.revoke(context.parameters.get("id"), by: account)
            return Response.redirect(to: Flash.invitationRevoked.appended(to: SiteURL.engagement(engagement).path) + "#portal", type: .normal)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.portalSettings))) { request, context in
            let account = try context.requireAccount()
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let view = try await EngagementService(services: self.services).loadOpen(context.parameters.get("id"), for: account)
            var errors: [FieldError] = []
            for instrument in self.services.instruments.instruments {
                let raw = (form["every-\(instrument.id)"] ?? "").trimmingCharacters(in: .whitespaces)
                if raw.isEmpty {
                    try await self.services.portal.setSchedule(view.engagement.id, instrument: instrument.id, every: nil, by: account.id, at: self.services.now)
                } else if let n = Int(raw), MeasureSchedule.range.contains(n) {
                    try await self.services.portal.setSchedule(view.engagement.id, instrument: instrument.id, every: n, by: account.id, at: self.services.now)
                } else {
                    errors.append(FieldError(field: "every-\(instrument.id)", message: "\(instrument.shortName): every 1 to 12 sessions, or empty for never."))
                }
            }
            try await self.services.portal.setShareProgress(view.engagement.id, form.isOn("shareProgress"), by: account.id, at: self.services.now)
            guard errors.isEmpty else {
                return try await EngagementPagesController(services: self.services).page(view, context, errors: errors, values: form.values, status: .unprocessableContent)
            }
            return Response.redirect(to: Flash.saved.appended(to: SiteURL.engagement(view.engagement.id).path) + "#portal", type: .normal)
        }
    }
}
