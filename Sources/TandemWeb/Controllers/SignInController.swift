import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// Signing in and out of the practitioner side.
struct SignInController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get(RouterPath(SiteURL.signIn.pattern)) { request, context in
            if context.identity != nil { return Response.redirect(to: SiteURL.clients.path, type: .normal) }
            let minutes = Int(self.services.configuration.sessionIdleTimeout / 60)
            let hours = Int(self.services.configuration.sessionLifetime / 3600)
            let message: String? =
                switch request.uri.queryParameters.get("expired") {
                case "1": "Your session ended after \(minutes) minute\(minutes == 1 ? "" : "s") without activity. Please sign in again."
                case "lifetime": "Your session ended \(hours) hour\(hours == 1 ? "" : "s") after you signed in. Please sign in again."
                default: nil
                }
            return try await self.render(
                context, email: "", next: request.uri.queryParameters.get("next"),
                message: message,
                flash: Flash.from(request)
            )
        }
        router.post(RouterPath(SiteURL.signIn.pattern)) { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let password = form.secret("password") ?? ""
            let next = SignInTarget.safe(form["next"])
            guard !email.isEmpty, !password.isEmpty, email.count <= 254 else {
                return try await self.render(
                    context, email: email, next: next, message: "Enter your email and password.", status: .unprocessableContent)
            }
            switch try await self.services.app.signIn.signIn(
                email: email, password: password, from: self.services.clientAddress(request, context),
                idleTimeout: self.services.configuration.sessionIdleTimeout)
            {
            case .refused(let refusal):
                return try await self.render(
                    context, email: email, next: next, message: refusal.message, status: refusal.locked ? .tooManyRequests : .unauthorized)
            case .signedIn(_, let token):
                return self.signedIn(token, next: next)
            case .needsSecondFactor(let challenge):
                // The password alone grants nothing: a five-minute challenge, in a cookie only the second step reads.
                var response = Response.redirect(to: SiteURL.signInCode.path + "?next=" + SignInTarget.encode(next), type: .normal)
                response.setCookie(Self.challengeCookie(challenge, secure: self.services.configuration.secureCookies))
                return response
            }
        }
        router.get(RouterPath(SiteURL.signInCode.pattern)) { request, context in
            guard request.cookies[Self.challengeName] != nil else { return Response.redirect(to: SiteURL.signIn.path, type: .normal) }
            return try await self.renderCode(context, next: request.uri.queryParameters.get("next"), message: nil)
        }
        router.post(RouterPath(SiteURL.signInCode.pattern)) { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let next = SignInTarget.safe(form["next"])
            guard let challenge = request.cookies[Self.challengeName]?.value else {
                return try await self.renderCode(
                    context, next: next, message: SecondFactor.challengeEndedMessage, restart: true,
                    status: .unauthorized)
            }
            switch try await self.services.app.signIn.completeSecondFactor(
                challenge: challenge, code: form["code"], from: self.services.clientAddress(request, context),
                idleTimeout: self.services.configuration.sessionIdleTimeout)
            {
            case .signedIn(_, let token):
                var response = self.signedIn(token, next: next)
                response.setCookie(Self.challengeCookie("", secure: self.services.configuration.secureCookies, clear: true))
                return response
            case .refused(let refusal):
                let restart = refusal.message == SecondFactor.challengeEndedMessage
                return try await self.renderCode(
                    context, next: next, message: refusal.message, restart: restart, status: refusal.locked ? .tooManyRequests : .unauthorized)
            case .needsSecondFactor:
                return Response.redirect(to: SiteURL.signIn.path, type: .normal)
            }
        }
        router.post(RouterPath(SiteURL.signOut.pattern)) { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            if let identity = context.identity, let hash = identity.sessionTokenHash {
                try await self.services.app.signIn.signOut(sessionHash: hash, account: identity.account)
            }
            var response = Response.redirect(to: Flash.signedOut.appended(to: SiteURL.signIn.path), type: .normal)
            response.setCookie(
                CookieRealm.practitioner.make(CookieRealm.practitioner.session, "", secure: self.services.configuration.secureCookies, clear: true))
            return response
        }
    }

    static let challengeName = "tandem_challenge"

    static func challengeCookie(_ value: String, secure: Bool, clear: Bool = false) -> Cookie {
        Cookie(
            name: Self.challengeName, value: value, maxAge: clear ? 0 : Int(SecondFactor.challengeLifetime), path: SiteURL.signInCode.path,
            secure: secure, httpOnly: true, sameSite: .lax)
    }

    private func signedIn(_ token: String, next: String) -> Response {
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(CookieRealm.practitioner.make(CookieRealm.practitioner.session, token, secure: self.services.configuration.secureCookies))
        return response
    }

    private func renderCode(
        _ context: TandemContext, next: String?, message: String?, restart: Bool = false, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = SignInCodePage(
            shell: try await self.services.shell("Two-step sign-in", context), message: message, restart: restart, next: SignInTarget.safe(next))
        return try self.services.views.render(page, status: status)
    }

    private func render(
        _ context: TandemContext, email: String, next: String?, message: String?, flash: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = SignInPage(
            shell: try await self.services.shell("Sign in", context, flash: flash),
            message: message,
            next: SignInTarget.safe(next),
            fields: [
                FormField("email", "Email", type: "email", value: email, required: true, autocomplete: "username"),
                FormField("password", "Password", type: "password", required: true, autocomplete: "current-password"),
            ]
        )
        return try self.services.views.render(page, status: status)
    }
}
