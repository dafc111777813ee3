import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// Signing in and out of the practitioner side.
struct SignInController: Sendable {
    let services: AppServices

    struct SignInPage: PageModel {
        static let template = "signin"
        let shell: Shell
        let message: String?
        let next: String
        let fields: [FormField]
    }

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get(RouterPath(SiteURL.signIn.pattern)) { request, context in
            if context.identity != nil { return Response.redirect(to: SiteURL.clients.path, type: .normal) }
            let expired = request.uri.queryParameters.get("expired") == "1"
            let minutes = Int(self.services.configuration.sessionIdleTimeout / 60)
            return try await self.render(
                context, email: "", next: request.uri.queryParameters.get("next"),
                message: expired ? "Your session ended after \(minutes) minutes without activity. Please sign in again." : nil,
                flash: Flash.from(request)
            )
        }
        router.post(RouterPath(SiteURL.signIn.pattern)) { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let password = form["password"] ?? ""
            let next = SignInTarget.safe(form["next"])
            guard !email.isEmpty, !password.isEmpty, email.count <= 254 else {
                return try await self.render(context, email: email, next: next, message: "Enter your email and password.", status: .unprocessableContent)
            }
            let now = self.services.now
            let throttle = try await self.services.throttle.state(for: email)
            if throttle.isLocked(at: now) {
                return try await self.render(context, email: email, next: next, message: SignInThrottle.lockedMessage(minutes: throttle.minutesLeft(at: now)), status: .tooManyRequests)
            }
            let credentials = try await self.services.accounts.credentials(email: email)
            guard try await self.services.passwords.verify(password, against: credentials?.passwordHash), let account = credentials?.account else {
                let after = try await self.services.throttle.recordFailure(for: email, at: now)
                try await self.services.audit.record(AuditEvent(at: now, actorID: credentials?.account.id, action: .signInFailed, outcome: .denied))
                let message = after.isLocked(at: now) ? SignInThrottle.lockedMessage(minutes: after.minutesLeft(at: now)) : SignInThrottle.refusedMessage
                return try await self.render(context, email: email, next: next, message: message, status: after.isLocked(at: now) ? .tooManyRequests : .unauthorized)
            }
            try await self.services.throttle.clear(for: email)
            var response = Response.redirect(to: next, type: .normal)
            try await self.startSession(for: account, on: &response)
            return response
        }
        router.post(RouterPath(SiteURL.signOut.pattern)) { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            if let identity = context.identity, let hash = identity.sessionTokenHash {
                try await self.services.webSessions.delete(tokenHash: hash)
                try await self.services.audit.record(AuditEvent(at: self.services.now, actorID: identity.account.id, action: .signOut))
            }
            var response = Response.redirect(to: Flash.signedOut.appended(to: SiteURL.signIn.path), type: .normal)
            response.setCookie(CookieRealm.practitioner.make(CookieRealm.practitioner.session, "", secure: self.services.configuration.secureCookies, clear: true))
            return response
        }
    }

    /// Creates a web session for `account` and sets its cookie on `response`.
    func startSession(for account: Account, on response: inout Response) async throws {
        let token = Secrets.randomToken()
        let now = self.services.now
        // Sessions idle past the limit can never be used again: drop them here rather than in a background job.
        try await self.services.webSessions.deleteIdle(since: now.addingTimeInterval(-self.services.configuration.sessionIdleTimeout))
        try await self.services.webSessions.create(tokenHash: Secrets.digest(token), for: account.id, at: now)
        try await self.services.audit.record(AuditEvent(at: now, actorID: account.id, action: .signIn))
        response.setCookie(CookieRealm.practitioner.make(CookieRealm.practitioner.session, token, secure: self.services.configuration.secureCookies))
    }

    private func render(_ context: TandemContext, email: String, next: String?, message: String?, flash: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
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
