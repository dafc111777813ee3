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
    /// When it stops working by itself; nil for a token that never expires.
    public let expiresAt: Date?

    public init(id: ID, accountID: Account.ID, name: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?, expiresAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
    }

    public func isExpired(at now: Date) -> Bool { self.expiresAt.map { $0 <= now } ?? false }

    /// How long a new token lasts, in days: 30, 90 (the default), 365, or 0 for never.
    public static let lifetimeChoices = [30, 90, 365, 0]
    public static let defaultLifetimeDays = 90

    /// The expiry for a lifetime as typed (`"90"`, `"never"`, empty for the default), or a validation error.
    public static func expiry(_ raw: String?, field: String, from now: Date) throws(TandemError) -> Date? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        let days = text.isEmpty ? Self.defaultLifetimeDays : (text == "never" ? 0 : Int(text) ?? -1)
        guard Self.lifetimeChoices.contains(days) else {
            throw .invalid(field, "Expiry must be 30, 90 or 365 days, or never.")
        }
        return days == 0 ? nil : now.addingTimeInterval(TimeInterval(days) * 86_400)
    }
}
