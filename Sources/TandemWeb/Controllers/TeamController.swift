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
                let added = try await self.services.app.accounts.addMember(draft, role: form["role"], by: owner)
                let flash: Flash = added.role == .supervisor ? .supervisorAdded : .practitionerAdded
                return Response.redirect(
                    to: flash.appended(to: SiteURL.team.path) + (added.role == .supervisor ? "#supervision-heading" : ""), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.supervision.pattern)) { request, context in
            let owner = try self.requireOwner(context)
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            guard let supervisor = form["supervisor"].flatMap(Account.ID.init) else {
                throw TandemError.invalid("supervisor", "Supervisor must name an account whose role is supervisor.")
            }
            let team = try await self.services.app.accounts.team(for: owner)
            let chosen = team.filter { form.isOn(TeamPage.superviseeField(supervisor, $0.id)) }.map(\.id)
            _ = try await self.services.app.accounts.setSupervisees(of: supervisor, to: chosen, by: owner)
            return Response.redirect(to: Flash.supervisionSaved.appended(to: SiteURL.team.path) + "#supervision-heading", type: .normal)
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
        let team = try await self.services.app.accounts.team(for: owner)
        let supervisions = try await self.services.app.accounts.supervisions(for: owner)
        let clinicians = team.filter(\.writesClinical)
        let supervisors = team.filter { $0.role == .supervisor }.map { supervisor in
            TeamPage.Supervisor(
                id: supervisor.id.description, name: supervisor.name,
                choices: ChoiceField.checkboxes(
                    TeamPage.superviseeField(supervisor.id), "Whom \(supervisor.name) supervises",
                    options: clinicians.map { ($0.id.description, "\($0.name) (\($0.role.label.lowercased()))") },
                    checked: Set((supervisions[supervisor.id] ?? []).map(\.description)), errors: [],
                    hint: "She reads their engagements, sessions, notes and progress (never psychotherapy notes) and co-signs their notes."))
        }
        let members = team.map {
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
            supervisors: supervisors,
            errorSummary: ErrorSummary(errors),
            roleChoice: ChoiceField.radio(
                "role", "Role",
                options: [
                    (Role.practitioner.rawValue, "Practitioner: sees clients and keeps their records"),
                    (Role.supervisor.rawValue, "Supervisor: reads her supervisees' records and co-signs their notes"),
                ], selected: values["role"] ?? Role.practitioner.rawValue, errors: errors),
            fields: AccountFields.make(values: values, errors: errors, passwordHint: true)
        )
        return try self.services.views.render(page, status: status)
    }
}
