import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// Signed-in browser sessions of one realm (the practitioner side or the client portal), each with its own cookies,
/// idle limit, lifetime, store and sign-in page. For every request: finds who is signed in (ending a session idle past
/// the limit or older than its lifetime, keeping an active one alive at most every `touchInterval`), binds CSRF tokens to the session or to a
/// pre-session cookie, and sends a signed-out visitor of a private page to the realm's sign-in.
struct BrowserSessions<Holder: Sendable>: Sendable {
    let cookies: CookieRealm
    let idleTimeout: TimeInterval
    /// A session ends this long after it began, however active (the absolute lifetime).
    let lifetime: TimeInterval
    /// The holder of a session, when it was last seen and when it began, by the token's digest.
    let find: @Sendable (String) async throws -> (holder: Holder, lastSeen: Date, began: Date)?
    let end: @Sendable (String) async throws -> Void
    let touch: @Sendable (String, Date) async throws -> Void
    /// Whether a request is the holder's activity, which keeps the session alive (a live page's heartbeat is not:
    /// its route decides); every request is, unless the realm says otherwise.
    var isActivity: @Sendable (Request) -> Bool = { _ in true }
    /// Puts the holder (and the session's digest) on the request's context.
    let admit: @Sendable (inout TandemContext, Holder, String) -> Void
    /// Where a signed-out visitor of a private page goes: the request and, if their session had just ended, why
    /// (`1`: idle too long; `lifetime`: signed in too long ago), for the sign-in page to say.
    let signIn: @Sendable (Request, String?) -> String

    /// A session's last-seen time is written at most this often, so reading pages does not write on every request.
    static var touchInterval: TimeInterval { 30 }

    func handle(
        _ request: Request, context: TandemContext, services: AppServices, next: (Request, TandemContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let secure = services.configuration.secureCookies
        var setCookies: [Cookie] = []
        var signedIn = false
        var ended: String?
        if let token = request.cookies[self.cookies.session]?.value, !token.isEmpty {
            let hash = Secrets.digest(token)
            let now = services.now
            if let (holder, lastSeen, began) = try await self.find(hash) {
                if now.timeIntervalSince(lastSeen) > self.idleTimeout || now.timeIntervalSince(began) > self.lifetime {
                    try await self.end(hash)
                    ended = now.timeIntervalSince(lastSeen) > self.idleTimeout ? "1" : "lifetime"
                    setCookies.append(self.cookies.make(self.cookies.session, "", secure: secure, clear: true))
                } else {
                    if self.isActivity(request), now.timeIntervalSince(lastSeen) > Self.touchInterval { try await self.touch(hash, now) }
                    self.admit(&context, holder, hash)
                    context.csrfBinding = token
                    signedIn = true
                }
            } else {
                setCookies.append(self.cookies.make(self.cookies.session, "", secure: secure, clear: true))
            }
        }
        if !signedIn {
            if let pre = request.cookies[self.cookies.preSession]?.value, pre.count >= 32 {
                context.csrfBinding = pre
            } else {
                let pre = Secrets.randomToken()
                context.csrfBinding = pre
                setCookies.append(self.cookies.make(self.cookies.preSession, pre, secure: secure))
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch TandemError.unauthenticated {
            if InPlaceMiddleware.isInPlace(request) {
                // A page recording in place keeps what was sent and shows this sign-in page over itself.
                response = Response(status: .unauthorized, headers: [.tandemSignIn: self.signIn(request, ended)])
            } else {
                response = .redirect(to: self.signIn(request, ended), type: .normal)
            }
        }
        for cookie in setCookies { response.setCookie(cookie) }
        return response
    }
}

/// One realm's cookies: the session token's, the one that binds signed-out forms' CSRF tokens to the browser, and the
/// path they are scoped to (the portal's stay under `/portal`, so a client's browser session and a practitioner's
/// never meet).
struct CookieRealm: Sendable {
    let session: String
    let preSession: String
    let path: String

    static let practitioner = CookieRealm(session: "tandem_session", preSession: "tandem_pre", path: "/")
    static let portal = CookieRealm(session: "tandem_portal", preSession: "tandem_portal_pre", path: "/portal")

    func make(_ name: String, _ value: String, secure: Bool, clear: Bool = false) -> Cookie {
        Cookie(name: name, value: value, maxAge: clear ? 0 : nil, path: self.path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}
