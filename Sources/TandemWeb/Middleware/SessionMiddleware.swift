import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// For every page: sends an installation that is not set up to the set-up page, then the practitioner side's browser
/// sessions (`BrowserSessions`: who is signed in, CSRF binding, signed-out visitors to sign in).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices
    /// Built once with the middleware, not for every request.
    let sessions: BrowserSessions<SignedInAccount>

    init(services: AppServices) {
        self.services = services
        self.sessions = Self.browserSessions(services)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if try await self.services.practice() == nil, request.uri.path != SiteURL.setup.path {
            return .redirect(to: SiteURL.setup.path, type: .normal)
        }
        return try await self.sessions.handle(request, context: context, services: self.services) { request, context in
            // A practice that requires two-step sign-in: a member without it goes to the account page to switch it on.
            let path = request.uri.path
            if context.identity?.mustEnrol == true, !path.hasPrefix(SiteURL.account.path), path != SiteURL.signOut.path {
                return .redirect(to: SiteURL.account.path + "?enrol=1#second-factor", type: .normal)
            }
            return try await next(request, context)
        }
    }

    /// The path (no query) of the page a form was sent from, when it is on this site.
    static func referringPath(_ request: Request) -> String? {
        guard let referer = request.headers[.referer], let url = URL(string: referer),
            url.host == nil || url.host == request.head.authority?.split(separator: ":").first.map(String.init)
        else { return nil }
        let path = url.path
        return path.hasPrefix("/") && !path.hasPrefix("//") ? path : nil
    }

    private static func browserSessions(_ services: AppServices) -> BrowserSessions<SignedInAccount> {
        BrowserSessions(
            cookies: .practitioner,
            idleTimeout: services.configuration.sessionIdleTimeout,
            lifetime: services.configuration.sessionLifetime,
            find: { hash in try await services.app.signIn.session(hash) },
            end: { hash in try await services.app.signIn.end(hash) },
            touch: { hash, _ in try await services.app.signIn.touch(hash) },
            // A live session page's heartbeat is not activity: its route decides whether it keeps the sign-in.
            isActivity: { request in !request.uri.path.hasSuffix("/" + SiteURL.SessionAction.heartbeat.rawValue) },
            admit: { context, member, hash in
                context.identity = Identity(account: member.account, sessionTokenHash: hash, mustEnrol: member.mustEnrol)
            },
            signIn: { request, ended in
                // After a form whose sign-in had ended: back to the page it was sent from (its script sends it again).
                let back = request.method == .get ? request.uri.description : (Self.referringPath(request) ?? SiteURL.clients.path)
                return SiteURL.signIn.path + "?next=" + SignInTarget.encode(back) + (ended.map { "&expired=\($0)" } ?? "")
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
