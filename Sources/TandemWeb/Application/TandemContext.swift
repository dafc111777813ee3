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
    /// The practice requires two-step sign-in and this account has not switched it on: every page but the account
    /// page sends it there.
    var mustEnrol = false
}

/// The request context: Hummingbird's core storage plus who is asking and what their forms are bound to.
public struct TandemContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the session or token middleware.
    public var identity: Identity?
    /// The cookie value CSRF tokens are bound to (session token, or pre-session token when signed out).
    var csrfBinding: String?
    /// The client signed in to the portal (portal routes only), and their portal session's digest.
    var client: ClientAccount?
    var portalSessionHash: String?

    /// The network address of the other end of the connection (a proxy, when there is one).
    let peerAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    var base: TandemContext { self }
}

/// A request context of Tandem's: the root one, or one of the routes that need someone signed in.
protocol TandemRequestContext: RequestContext {
    /// The root context as the middleware left it (who is signed in, the CSRF binding).
    var base: TandemContext { get }
}

extension TandemContext: TandemRequestContext {}

extension TandemRequestContext {
    /// Bodies over 1 MiB are refused with 413 before they are read.
    public var maxUploadSize: Int { 1 << 20 }

    /// A typed id from the route (`parameters.require(_:as:)`). Text that is not an id names no record, so it answers
    /// not-found, as an id of a record that does not exist (or that the caller may not know of) does.
    func id<Subject>(_ name: String = "id") throws -> Identifier<Subject> {
        do {
            return try self.parameters.require(name, as: Identifier<Subject>.self)
        } catch {
            throw TandemError.notFound(Identifier<Subject>.recordName)
        }
    }
}

/// The context of a route that needs a signed-in practitioner (a page with a browser session, or the API with a
/// token): the account is there, never optional. Made from the root context after the session or token middleware
/// ran; without an account the route answers 401, or sends the browser to sign in.
public struct SignedInContext: ChildRequestContext, TandemRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let base: TandemContext
    /// Who is signed in.
    public let account: Account

    public init(context: TandemContext) throws {
        guard let account = context.identity?.account else { throw TandemError.unauthenticated }
        self.coreContext = context.coreContext
        self.base = context
        self.account = account
    }

    /// The digest of the browser session's token (pages); nil for an API token.
    var sessionTokenHash: String? { self.base.identity?.sessionTokenHash }
}

/// The context of a portal route that needs the client signed in (portal pages or the portal API).
public struct ClientContext: ChildRequestContext, TandemRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let base: TandemContext
    /// The client signed in to the portal.
    public let client: ClientAccount

    public init(context: TandemContext) throws {
        guard let client = context.client else { throw TandemError.unauthenticated }
        self.coreContext = context.coreContext
        self.base = context
        self.client = client
    }
}

extension Identifier {
    /// What a not-found answer calls the record an id names.
    static var recordName: String {
        switch Subject.self {
        case is Client.Type: "The client"
        case is Engagement.Type: "The engagement"
        case is Session.Type: "The session"
        case is Screening.Type: "The screening"
        case is Marker.Type: "The marker"
        case is ActionStep.Type: "The action step"
        case is Invitation.Type: "The invitation"
        case is Alert.Type: "The alert"
        case is APIToken.Type: "The token"
        case is BoundaryCrossing.Type, is BoundaryIncident.Type: "The boundary record"
        default: "The record"
        }
    }
}
