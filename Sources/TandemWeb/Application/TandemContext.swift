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

    /// A typed id from the route (`parameters.require(_:as:)`). Text that is not an id names no record, so it answers
    /// not-found, as an id of a record that does not exist (or that the caller may not know of) does.
    func id<Subject>(_ name: String = "id") throws -> Identifier<Subject> {
        do {
            return try self.parameters.require(name, as: Identifier<Subject>.self)
        } catch {
            throw TandemError.notFound(Identifier<Subject>.recordName)
        }
    }

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
