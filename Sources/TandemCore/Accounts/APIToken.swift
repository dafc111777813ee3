import Foundation

/// A personal access token for the API, as its owner sees it (never the secret itself).
public struct APIToken: Sendable, Equatable, Identifiable {
    /// The longest label a token (or a portal app token) is given.
    public static let maximumLabel = 100

    public typealias ID = Identifier<APIToken>
    public let id: ID
    public let accountID: Account.ID
    public let name: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    public init(id: ID, accountID: Account.ID, name: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
