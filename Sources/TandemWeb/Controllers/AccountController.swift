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
                    of: account, current: form.secret("currentPassword") ?? "", new: form.secret("newPassword") ?? "",
                    confirmation: form.secret("confirmPassword"),
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
                    of: account, timeZone: form["timeZone"], openingPercent: form["openingPercent"], closingPercent: form["closingPercent"],
                    noteFormat: form["noteFormat"]
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
                let token = try await self.services.app.accounts.createToken(named: form["tokenName"], lifetime: form["tokenExpiry"], for: account)
                // Shown in this answer only: no redirect, so the token never sits in a URL or in history.
                return try await self.render(context, account: account, newToken: token)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.secondFactor.pattern)) { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            try await self.services.app.secondFactors.begin(for: context.account)
            return Response.redirect(to: SiteURL.account.path + "#second-factor", type: .normal)
        }
        router.post(RouterPath(SiteURL.confirmSecondFactor.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let codes = try await self.services.app.secondFactors.confirm(
                    code: form["code"], for: account, keepingSession: context.sessionTokenHash)
                // Shown in this answer only, like a new token.
                return try await self.render(context, account: account, recoveryCodes: codes)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.disableSecondFactor.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                try await self.services.app.secondFactors.disable(
                    password: form.secret("disablePassword") ?? "", code: form["disableCode"], for: account,
                    keepingSession: context.sessionTokenHash)
                return Response.redirect(to: Flash.secondFactorOff.appended(to: SiteURL.account.path), type: .normal)
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
        _ context: SignedInContext, account: Account, newToken: String? = nil, recoveryCodes: [String]? = nil, errors: [FieldError] = [],
        profileValues: [String: String]? = nil, flash: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tokens = try await self.services.app.accounts.tokens(of: account)
        let secondFactor = try await self.services.app.secondFactors.status(of: account)
        let shell = try await self.services.shell("Your account", context, current: .account, flash: flash)
        let page = AccountPage.make(
            account, tokens: tokens, newToken: newToken, shell: shell, errors: errors, profileValues: profileValues, now: self.services.now,
            secondFactor: .init(
                secondFactor, recoveryCodes: recoveryCodes, mustEnrol: context.base.identity?.mustEnrol == true, errors: errors,
                zone: context.account.sessionDefaults.zone))
        return try self.services.views.render(page, status: status)
    }
}
