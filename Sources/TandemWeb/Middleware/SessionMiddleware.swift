import Foundation
import Hummingbird
import TandemCore

/// The cookies of the practitioner side.
enum Cookies {
    static let session = "tandem_session"
    /// A random value that binds CSRF tokens of signed-out forms (set-up, sign-in) to this browser.
    static let preSession = "tandem_pre"

    static func make(_ name: String, _ value: String, secure: Bool, clear: Bool = false) -> Cookie {
        Cookie(name: name, value: value, maxAge: clear ? 0 : nil, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// For every page: sends an installation that is not set up to the set-up page, then the practitioner side's browser
/// sessions (`BrowserSessions`: who is signed in, CSRF binding, signed-out visitors to sign in).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices
    /// Built once with the middleware, not for every request.
    let sessions: BrowserSessions<Account>

    init(services: AppServices) {
        self.services = services
        self.sessions = Self.browserSessions(services)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if try await self.services.practice() == nil, request.uri.path != SiteURL.setup.path {
            return .redirect(to: SiteURL.setup.path, type: .normal)
        }
        return try await self.sessions.handle(request, context: context, services: self.services, next: next)
    }

    private static func browserSessions(_ services: AppServices) -> BrowserSessions<Account> {
        BrowserSessions(
            cookie: Cookies.session, preCookie: Cookies.preSession,
            makeCookie: { name, value, secure, clear in Cookies.make(name, value, secure: secure, clear: clear) },
            idleTimeout: services.configuration.sessionIdleTimeout,
            find: { hash in try await services.webSessions.findSignedIn(tokenHash: hash).map { ($0.account, $0.session.lastSeenAt) } },
            end: { hash in try await services.webSessions.delete(tokenHash: hash) },
            touch: { hash, now in try await services.webSessions.touch(tokenHash: hash, at: now) },
            admit: { context, account, hash in context.identity = Identity(account: account, sessionTokenHash: hash) },
            signIn: { request, expired in
                let back = request.method == .get ? request.uri.description : SiteURL.clients.path
                return SiteURL.signIn.path + "?next=" + SignInTarget.encode(back) + (expired ? "&expired=1" : "")
            }
        )
    }
}

/// The page to return to after signing in: only a path on this site, never another host.
enum SignInTarget {
    static func safe(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix(SiteURL.signIn.path) else {
            return SiteURL.clients.path
        }
        return next
    }

    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) ?? "/"
    }
}
