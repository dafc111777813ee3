import TandemCore
import TandemStore

/// Every page of the practitioner side. Route patterns and links both come from here, so no URL is spelt twice.
enum SiteURL: Sendable, Equatable {
    case home
    case setup
    case signIn
    case signOut
    case clients
    case newClient
    case client(Client.ID)
    case editClient(Client.ID)
    case dischargeClient(Client.ID)
    case reopenClient(Client.ID)
    case team
    case account
    case accountPassword
    case accountTokens
    case revokeToken(APIToken.ID)
    case audit

    /// The path, with `id` standing for the record's identifier.
    private func path(id: String?) -> String {
        let id = id ?? ":id"
        return switch self {
        case .home: "/"
        case .setup: "/setup"
        case .signIn: "/signin"
        case .signOut: "/signout"
        case .clients: "/clients"
        case .newClient: "/clients/new"
        case .client: "/clients/\(id)"
        case .editClient: "/clients/\(id)/edit"
        case .dischargeClient: "/clients/\(id)/discharge"
        case .reopenClient: "/clients/\(id)/reopen"
        case .team: "/team"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountTokens: "/account/tokens"
        case .revokeToken: "/account/tokens/\(id)/revoke"
        case .audit: "/audit"
        }
    }

    private var id: String? {
        switch self {
        case .client(let id), .editClient(let id), .dischargeClient(let id), .reopenClient(let id): id.description
        case .revokeToken(let id): id.description
        default: nil
        }
    }

    /// The link to this page.
    var path: String { self.path(id: self.id) }

    /// The router pattern for this kind of page (`:id` for the identifier).
    var pattern: String { self.path(id: nil) }

    /// A pattern for cases with an identifier, without needing a real one.
    static func pattern(_ make: (Client.ID) -> SiteURL) -> String { make(Client.ID()).pattern }
}
