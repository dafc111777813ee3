import Hummingbird
import TandemApp
import TandemCore

/// The first-run page: the practice and its owner. Gone once the practice exists.
struct SetupController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get(RouterPath(SiteURL.setup.pattern)) { _, context in
            if try await self.services.practice() != nil { return Response.redirect(to: SiteURL.signIn.path, type: .normal) }
            return try await self.render(context, values: [:], errors: [])
        }
        router.post(RouterPath(SiteURL.setup.pattern)) { request, context in
            if try await self.services.practice() != nil {
                throw TandemError.conflict(code: .alreadySetUp, message: "This installation is already set up. Sign in instead.")
            }
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let draft = SetupDraft(
                practiceName: form["practiceName"],
                owner: AccountDraft(name: form["name"], email: form["email"], licence: form["licence"], password: form.secret("password"))
            )
            do {
                let owner = try await self.services.app.administration.setUp(draft)
                var response = Response.redirect(to: Flash.setUp.appended(to: SiteURL.clients.path), type: .normal)
                let token = try await self.services.app.signIn.open(for: owner, idleTimeout: self.services.configuration.sessionIdleTimeout)
                response.setCookie(
                    CookieRealm.practitioner.make(CookieRealm.practitioner.session, token, secure: self.services.configuration.secureCookies))
                return response
            } catch TandemError.validation(let errors) {
                return try await self.render(context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func render(_ context: TandemContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let page = SetupPage(
            shell: try await self.services.shell("Set up Tandem", context),
            errorSummary: ErrorSummary(errors),
            practiceFields: [
                FormField(
                    "practiceName", "Practice name", value: values["practiceName"], errors: errors, required: true, autocomplete: "organization",
                    maxLength: SetupDraft.maximumPracticeName)
            ],
            ownerFields: AccountFields.make(values: values, errors: errors, passwordHint: true)
        )
        return try self.services.views.render(page, status: status)
    }
}

/// The fields of a new account, shared by set-up and the team page.
enum AccountFields {
    static func make(values: [String: String], errors: [FieldError], passwordHint: Bool) -> [FormField] {
        [
            FormField(
                "name", "Full name", value: values["name"], errors: errors, required: true, autocomplete: "name",
                maxLength: AccountDraft.maximumNameLength),
            FormField(
                "email", "Email", type: "email", value: values["email"], errors: errors, required: true, autocomplete: "email",
                maxLength: Validator.maximumEmailLength),
            FormField(
                "licence", "Licence", value: values["licence"], errors: errors, hint: "For example: LCSW 12345, Maryland",
                maxLength: ProfileDraft.maximumLength),
            FormField(
                "password", "Password", type: "password", errors: errors,
                hint: "At least \(PasswordPolicy.minimumLength) characters. A short sentence is easy to remember and hard to guess.",
                required: true, autocomplete: "new-password"
            ),
        ]
    }
}
