import Foundation
import Hummingbird
import TandemCore

/// The portal's cookies: their own names, scoped to `/portal`, so a client's browser session and a practitioner's
/// never meet.
enum PortalCookies {
    static let session = "tandem_portal"
    static let preSession = "tandem_portal_pre"

    static func make(_ name: String, _ value: String, secure: Bool, clear: Bool = false) -> Cookie {
        Cookie(name: name, value: value, maxAge: clear ? 0 : nil, path: "/portal", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// For every portal page: finds the signed-in client (ending sessions idle past the limit), binds CSRF tokens, and
/// sends signed-out visitors to the portal's sign-in. Practitioner sessions are never read here.
struct PortalSessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let secure = self.services.configuration.secureCookies
        var setCookies: [Cookie] = []
        if let token = request.cookies[PortalCookies.session]?.value, !token.isEmpty {
            let hash = Secrets.digest(token)
            let now = self.services.now
            if let (accountID, lastSeen) = try await self.services.portal.session(tokenHash: hash) {
                if now.timeIntervalSince(lastSeen) > self.services.configuration.portalIdleTimeout {
                    try await self.services.portal.endSession(tokenHash: hash)
                    context.sessionExpired = true
                    setCookies.append(PortalCookies.make(PortalCookies.session, "", secure: secure, clear: true))
                } else if let account = try await self.services.portal.account(accountID) {
                    if now.timeIntervalSince(lastSeen) > SessionMiddleware.touchInterval { try await self.services.portal.touch(tokenHash: hash, at: now) }
                    context.client = account
                    context.portalSessionHash = hash
                    context.csrfBinding = token
                }
            } else {
                setCookies.append(PortalCookies.make(PortalCookies.session, "", secure: secure, clear: true))
            }
        }
        if context.client == nil {
            if let pre = request.cookies[PortalCookies.preSession]?.value, pre.count >= 32 {
                context.csrfBinding = pre
            } else {
                let pre = Secrets.randomToken()
                context.csrfBinding = pre
                setCookies.append(PortalCookies.make(PortalCookies.preSession, pre, secure: secure))
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch TandemError.unauthenticated {
            response = .redirect(to: "/portal/signin" + (context.sessionExpired ? "?expired=1" : ""), type: .normal)
        }
        for cookie in setCookies { response.setCookie(cookie) }
        return response
    }
}

/// For `/api/v1/portal`: the caller is the client who owns the `Authorization: Bearer` portal token.
struct PortalTokenMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token = try Bearer.token(request)
        guard let id = try await self.services.portal.account(forTokenHash: Secrets.digest(token)), let account = try await self.services.portal.account(id) else {
            throw TandemError.unauthenticated
        }
        var context = context
        context.client = account
        return try await next(request, context)
    }
}
