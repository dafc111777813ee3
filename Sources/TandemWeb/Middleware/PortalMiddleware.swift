import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// For every portal page: the portal's own browser sessions (`BrowserSessions`), with their own cookies, idle limit
/// and sign-in page. Practitioner sessions are never read here.
struct PortalSessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices
    /// Built once with the middleware, not for every request.
    let sessions: BrowserSessions<ClientAccount>

    init(services: AppServices) {
        self.services = services
        self.sessions = Self.browserSessions(services)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await self.sessions.handle(request, context: context, services: self.services, next: next)
    }

    private static func browserSessions(_ services: AppServices) -> BrowserSessions<ClientAccount> {
        BrowserSessions(
            cookies: .portal,
            idleTimeout: services.configuration.portalIdleTimeout,
            lifetime: services.configuration.sessionLifetime,
            find: { hash in try await services.app.portal.session(hash) },
            end: { hash in try await services.app.portal.end(hash) },
            touch: { hash, _ in try await services.app.portal.touch(hash) },
            admit: { context, account, hash in
                context.client = account
                context.portalSessionHash = hash
            },
            signIn: { _, ended in "/portal/signin" + (ended.map { "?expired=\($0)" } ?? "") }
        )
    }
}

/// For `/api/v1/portal`: the caller is the client who owns the `Authorization: Bearer` portal token.
struct PortalTokenMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token = try Bearer.token(request)
        guard let account = try await self.services.app.portal.account(forAppToken: token) else { throw TandemError.unauthenticated }
        var context = context
        context.client = account
        return try await next(request, context)
    }
}
