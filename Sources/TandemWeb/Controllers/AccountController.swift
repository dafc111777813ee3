import Hummingbird
import TandemApp
import TandemCore

/// A signed-in person's own account: password and API tokens.
struct AccountController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.account.pattern)) { request, context in
            try await self.render(context, account: context.account, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.accountPassword.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                try await self.services.app.accounts.changePassword(
                    of: account, current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "", confirmation: form["confirmPassword"],
                    keepingSession: context.sessionTokenHash
                )
                return Response.redirect(to: Flash.passwordChanged.appended(to: SiteURL.account.path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.accountProfile.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let draft = ProfileDraft(licence: form["licence"], ethicsCode: form["ethicsCode"], coachingCredential: form["coachingCredential"])
                try await self.services.app.accounts.updateProfile(of: account, draft)
                return Response.redirect(to: Flash.profileSaved.appended(to: SiteURL.account.path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, profileValues: form.values, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.accountSessionDefaults.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                try await self.services.app.accounts.updateSessionDefaults(
                    of: account, timeZone: form["timeZone"], openingPercent: form["openingPercent"], closingPercent: form["closingPercent"]
                )
                return Response.redirect(to: Flash.defaultsSaved.appended(to: SiteURL.account.path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, profileValues: form.values, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.accountTokens.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let token = try await self.services.app.accounts.createToken(named: form["tokenName"], for: account)
                // Shown in this answer only: no redirect, so the token never sits in a URL or in history.
                return try await self.render(context, account: account, newToken: token)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.revokeToken(.init()).pattern)) { request, context in
            let account = context.account
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            try await self.services.app.accounts.revokeToken(try context.id(), of: account)
            return Response.redirect(to: Flash.tokenRevoked.appended(to: SiteURL.account.path), type: .normal)
        }
    }

    private func render(
        _ context: SignedInContext, account: Account, newToken: String? = nil, errors: [FieldError] = [], profileValues: [String: String]? = nil,
        flash: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let saved = [
            "licence": account.licence ?? "", "ethicsCode": account.ethicsCode ?? "", "coachingCredential": account.coachingCredential ?? "",
            "timeZone": account.sessionDefaults.timeZone, "openingPercent": "\(account.sessionDefaults.shares.opening)",
            "closingPercent": "\(account.sessionDefaults.shares.closing)",
        ]
        let profile = saved.merging(profileValues ?? [:]) { $1 }
        let tokens = try await self.services.app.accounts.tokens(of: account)
        let page = AccountPage(
            shell: try await self.services.shell("Your account", context, current: .account, flash: flash),
            name: account.name,
            email: account.email,
            role: account.role.label,
            licence: account.licence ?? "—",
            ethicsCode: account.ethicsCode ?? "—",
            coachingCredential: account.coachingCredential ?? "none recorded",
            profileAction: SiteURL.accountProfile.path,
            profileFields: [
                FormField(
                    "licence", "Licence(s)", value: profile["licence"], errors: errors, hint: "E.g. “LCSW 12345, Maryland”.",
                    maxLength: ProfileDraft.maximumLength),
                FormField(
                    "ethicsCode", "Ethics code", value: profile["ethicsCode"], errors: errors,
                    hint: "The code you practise under, e.g. “NASW Code of Ethics”.", maxLength: ProfileDraft.maximumLength),
                FormField(
                    "coachingCredential", "Coaching credential", value: profile["coachingCredential"], errors: errors,
                    hint: "E.g. “ICF PCC”. Without one you cannot open coaching engagements.", maxLength: ProfileDraft.maximumLength),
            ],
            defaultsAction: SiteURL.accountSessionDefaults.path,
            defaultsFields: [
                FormField(
                    "timeZone", "Time zone", value: profile["timeZone"], errors: errors,
                    hint: "Where you work, e.g. Europe/Berlin. Session times are shown in it.", required: true, maxLength: 64),
                FormField(
                    "openingPercent", "Opening share, in percent", type: "number", value: profile["openingPercent"], errors: errors,
                    hint: "5 to 40; 20 is usual.", required: true),
                FormField(
                    "closingPercent", "Closing share, in percent", type: "number", value: profile["closingPercent"], errors: errors,
                    hint: "5 to 40; 20 is usual. The closing is never planned under 5 minutes.", required: true),
            ],
            newToken: newToken,
            hasTokens: !tokens.isEmpty,
            tokens: tokens.map {
                .init(
                    name: $0.name, created: Formats.dateTime($0.createdAt), lastUsed: $0.lastUsedAt.map(Formats.dateTime) ?? "never",
                    state: $0.revokedAt == nil ? "Active" : "Revoked", revokeHref: $0.revokedAt == nil ? SiteURL.revokeToken($0.id).path : nil
                )
            },
            tokenFields: [
                FormField(
                    "tokenName", "Label for a new token", errors: errors, hint: "What will use it, e.g. “reporting script”.", required: true,
                    maxLength: APIToken.maximumLabel)
            ],
            errorSummary: ErrorSummary(errors.filter { ["currentPassword", "newPassword", "confirmPassword"].contains($0.field) }),
            passwordFields: [
                FormField("currentPassword", "Current password", type: "password", errors: errors, required: true, autocomplete: "current-password"),
                FormField(
                    "newPassword", "New password", type: "password", errors: errors, hint: "At least \(PasswordPolicy.minimumLength) characters.",
                    required: true, autocomplete: "new-password"),
                FormField("confirmPassword", "New password again", type: "password", errors: errors, required: true, autocomplete: "new-password"),
            ]
        )
        return try self.services.views.render(page, status: status)
    }
}
