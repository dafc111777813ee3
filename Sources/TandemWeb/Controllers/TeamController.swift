import Hummingbird
import TandemApp
import TandemCore

/// The owner's team page: who works in the practice, and adding a practitioner.
struct TeamController: Sendable {
    let services: AppServices

    static let ownerOnly = Accounts.ownerOnly

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.team.pattern)) { request, context in
            _ = try self.requireOwner(context)
            return try await self.render(context, values: [:], errors: [], flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.team.pattern)) { request, context in
            let owner = try self.requireOwner(context)
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let draft = AccountDraft(name: form["name"], email: form["email"], licence: form["licence"], password: form.secret("password"))
                _ = try await self.services.app.accounts.addPractitioner(draft, by: owner)
                return Response.redirect(to: Flash.practitionerAdded.appended(to: SiteURL.team.path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.requireSecondFactor.pattern)) { request, context in
            let owner = try self.requireOwner(context)
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let required = form["required"] == "yes"
            try await self.services.app.secondFactors.require(required, by: owner)
            let flash: Flash = required ? .secondFactorRequired : .secondFactorOptional
            return Response.redirect(to: flash.appended(to: SiteURL.team.path), type: .normal)
        }
        router.post(RouterPath(SiteURL.crisisText.pattern)) { request, context in
            let owner = try self.requireOwner(context)
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                try await self.services.app.administration.setCrisisText(form["crisisText"], by: owner)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, values: form.values, errors: errors, status: .unprocessableContent)
            }
            return Response.redirect(to: Flash.saved.appended(to: SiteURL.team.path) + "#crisis-heading", type: .normal)
        }
        router.post(RouterPath(SiteURL.consentText.pattern)) { request, context in
            let owner = try self.requireOwner(context)
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                _ = try await self.services.app.consents.setText(form["consentText"], by: owner)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, values: form.values, errors: errors, status: .unprocessableContent)
            }
            return Response.redirect(to: Flash.saved.appended(to: SiteURL.team.path) + "#consent-heading", type: .normal)
        }
    }

    private func requireOwner(_ context: SignedInContext) throws -> Account {
        let account = context.account
        guard account.role == .owner else { throw TandemError.forbidden(Self.ownerOnly) }
        return account
    }

    private func render(
        _ context: SignedInContext, values: [String: String], errors: [FieldError], flash: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let owner = try self.requireOwner(context)
        let withSecondFactor = try await self.services.app.secondFactors.accountsWithItOn(for: owner)
        let members = try await self.services.app.accounts.team(for: owner).map {
            TeamPage.Member(
                name: $0.name, email: $0.email, role: $0.role.label, licence: $0.licence ?? "—",
                secondFactor: withSecondFactor.contains($0.id) ? "On" : "Off")
        }
        let crisisText = try await self.services.app.administration.crisisText()
        let consentText = try await self.services.app.consents.text()
        let page = TeamPage(
            shell: try await self.services.shell("Team", context, current: .team, flash: flash),
            members: members,
            secondFactorRequired: try await self.services.app.secondFactors.isRequired(),
            crisisField: FormField(
                "crisisText", "What a client reads beside a risk answer", type: "textarea",
                value: values["crisisText"] ?? crisisText, errors: errors,
                hint:
                    "Shown in the portal when a client's answers raise a safety alert: your own words, numbers and hours. Empty it to use Tandem's default.",
                maxLength: CrisisText.limit),
            consentField: FormField(
                "consentText", "Consent to the coaching edge (version \(consentText.version))", type: "textarea",
                value: values["consentText"] ?? consentText.text, errors: errors,
                hint:
                    "What a client agrees to before the coaching-edge tools are offered. Saving makes a new version; consents given before keep theirs.",
                required: true, maxLength: ConsentText.limit),
            errorSummary: ErrorSummary(errors),
            fields: AccountFields.make(values: values, errors: errors, passwordHint: true)
        )
        return try self.services.views.render(page, status: status)
    }
}
