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

/// For every page: finds who is signed in (ending sessions idle past the limit), binds CSRF tokens, sends an
/// installation that is not set up to the set-up page, and sends signed-out visitors of private pages to sign in.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices

    /// A session's last-seen time is written at most this often, so reading pages does not write on every request.
    static let touchInterval: TimeInterval = 30

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let secure = self.services.configuration.secureCookies
        let path = request.uri.path
        if try await self.services.practice() == nil, path != SiteURL.setup.path {
            return .redirect(to: SiteURL.setup.path, type: .normal)
        }
        var setCookies: [Cookie] = []
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty {
            let hash = Secrets.digest(token)
            let now = self.services.now
            if let (session, account) = try await self.services.webSessions.findSignedIn(tokenHash: hash) {
                if now.timeIntervalSince(session.lastSeenAt) > self.services.configuration.sessionIdleTimeout {
                    try await self.services.webSessions.delete(tokenHash: hash)
                    context.sessionExpired = true
                    setCookies.append(Cookies.make(Cookies.session, "", secure: secure, clear: true))
                } else {
                    if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
                        try await self.services.webSessions.touch(tokenHash: hash, at: now)
                    }
                    context.identity = Identity(account: account, sessionTokenHash: hash)
                    context.csrfBinding = token
                }
            } else {
                setCookies.append(Cookies.make(Cookies.session, "", secure: secure, clear: true))
            }
        }
        if context.identity == nil {
            if let pre = request.cookies[Cookies.preSession]?.value, pre.count >= 32 {
                context.csrfBinding = pre
            } else {
                let pre = Secrets.randomToken()
                context.csrfBinding = pre
                setCookies.append(Cookies.make(Cookies.preSession, pre, secure: secure))
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch TandemError.unauthenticated {
            var target = SiteURL.signIn.path + "?next=" + (SignInTarget.encode(request.method == .get ? request.uri.description : SiteURL.clients.path))
            if context.sessionExpired { target += "&expired=1" }
            response = .redirect(to: target, type: .normal)
        }
        for cookie in setCookies { response.setCookie(cookie) }
        return response
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
