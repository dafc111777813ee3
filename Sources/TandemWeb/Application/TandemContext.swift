import Hummingbird
import Logging
import NIOCore
import TandemApp
import TandemCore

/// Who is making the request.
public struct Identity: Sendable {
    public let account: Account
    /// The digest of the web session token, for pages; `nil` for API tokens.
    let sessionTokenHash: String?
}

/// The request context: Hummingbird's core storage plus who is asking and what their forms are bound to.
public struct TandemContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the session or token middleware.
    public var identity: Identity?
    /// The cookie value CSRF tokens are bound to (session token, or pre-session token when signed out).
    var csrfBinding: String?
    /// Set by the session middleware when a session has just ended for being idle.
    var sessionExpired = false
    /// The client signed in to the portal (portal routes only), and their portal session's digest.
    var client: ClientAccount?
    var portalSessionHash: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Bodies over 1 MiB are refused with 413 before they are read.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in client, or a 401/redirect to the portal's sign-in.
    func requireClient() throws -> ClientAccount {
        guard let client = self.client else { throw TandemError.unauthenticated }
        return client
    }

    /// The signed-in account, or a 401/redirect via `TandemError.unauthenticated`.
    func requireAccount() throws -> Account {
        guard let account = self.identity?.account else { throw TandemError.unauthenticated }
        return account
    }
}
