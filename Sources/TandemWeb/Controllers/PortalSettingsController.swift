import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The practitioner's side of the portal: invitations (shown once, revocable), questionnaire schedules, and whether
/// the client sees their progress picture. Pages and `POST /api/v1/engagements/{id}/invitations`.
struct PortalSettingsController: Sendable {
    let services: AppServices
    var portal: Portal { self.services.app.portal }

    struct InvitationJSON: Encodable {
        let url: String
        let expiresAt: Date
    }

    /// The address clients reach Tandem at, as this request came in.
    func baseURL(_ request: Request) -> String {
        let host = request.head.authority ?? "\(self.services.configuration.host):\(self.services.configuration.port)"
        return (self.services.configuration.secureCookies ? "https://" : "http://") + host
    }

    /// Creates the invitation and hands its link to the delivery (today: shown to the practitioner to pass on).
    private func invite(_ engagement: Engagement.ID, _ request: Request, by account: Account) async throws -> (
        url: String, expiresAt: Date, message: String, invitation: Invitation, clientName: String
    ) {
        let made = try await self.portal.invite(engagement, by: account)
        let url = self.baseURL(request) + "/portal/invitations/" + made.token
        let expiresAt = made.invitation.expiresAt
        return (url, expiresAt, try await self.services.invitationDelivery.deliver(url: url, expiresAt: expiresAt), made.invitation, made.clientName)
    }

    func addRoutes(pages: RouterGroup<SignedInContext>, api: RouterGroup<SignedInContext>) {
        api.post("engagements/:id/invitations") { request, context in
            let account = context.account
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            let made = try await self.invite(try context.id(), request, by: account)
            return try JSON.response(InvitationJSON(url: made.url, expiresAt: made.expiresAt), status: .created)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.invitations))) { request, context in
            let account = context.account
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let made = try await self.invite(try context.id(), request, by: account)
            // Shown in this answer only: never in a redirect, a URL or a log.
            let page = InvitationPage(
                shell: try await self.services.shell("Portal invitation", context, current: .clients),
                engagementHref: SiteURL.engagement(made.invitation.engagementID).path, clientName: made.clientName, url: made.url,
                expires: Formats.dateTime(made.expiresAt, in: account.sessionDefaults.zone) + " (\(Formats.zoneName(account.sessionDefaults.zone)))",
                message: made.message
            )
            return try self.services.views.render(page, status: .created)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.revokeInvitation))) { request, context in
            let account = context.account
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let engagement = try await self.portal.revoke(try context.id(), by: account)
            return Response.redirect(to: Flash.invitationRevoked.appended(to: SiteURL.engagement(engagement).path) + "#portal", type: .normal)
        }
        pages.post(RouterPath(SiteURL.pattern(SiteURL.portalSettings))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let every = Dictionary(uniqueKeysWithValues: self.services.instruments.instruments.map { ($0.id, form["every-\($0.id)"] ?? "") })
            do {
                let id = try await self.portal.settings(
                    try context.id(), every: every, shareProgress: form.isOn("shareProgress"), by: account)
                return Response.redirect(to: Flash.saved.appended(to: SiteURL.engagement(id).path) + "#portal", type: .normal)
            } catch TandemError.validation(let errors) {
                let record = try await self.services.app.engagements.record(try context.id(), for: account)
                return try await self.services.engagementPage(
                    record, context, errors: errors, values: form.values, status: .unprocessableContent)
            }
        }
    }
}
