import Foundation
import SQLKit
import TandemCore

/// A personal access token for the API, as its owner sees it (never the secret itself).
public struct APIToken: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<APIToken>
    public let id: ID
    public let accountID: Account.ID
    public let name: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?
}

/// Personal access tokens. Only the SHA-256 of a token is stored; the token is shown once, when created.
public struct TokenStore: Sendable {
    let database: TandemDatabase

    public init(_ database: TandemDatabase) { self.database = database }

    struct Row: Decodable {
        let id: UUID
        let accountId: UUID
        let name: String
        let createdAt: Date
        let lastUsedAt: Date?
        let revokedAt: Date?

        var token: APIToken {
            APIToken(id: .init(self.id), accountID: .init(self.accountId), name: self.name, createdAt: self.createdAt, lastUsedAt: self.lastUsedAt, revokedAt: self.revokedAt)
        }
    }

    public func create(name: String, tokenHash: String, for accountID: Account.ID, at now: Date) async throws -> APIToken {
        let token = APIToken(id: .init(), accountID: accountID, name: name, createdAt: now, lastUsedAt: nil, revokedAt: nil)
        try await self.database.transaction { db in
            try await db.raw("""
                INSERT INTO api_tokens (id, account_id, name, token_hash, created_at)
                VALUES (\(bind: token.id.uuid), \(bind: accountID.uuid), \(bind: name), \(bind: tokenHash), \(bind: now))
                """).run()
            try await AuditStore.insert(AuditEvent(at: now, actorID: accountID, action: .tokenCreated, entityType: "token", entityID: token.id.description), on: db)
        }
        return token
    }

    /// The tokens of one account, newest first.
    public func tokens(of accountID: Account.ID) async throws -> [APIToken] {
        try await self.database.sql.raw("""
            SELECT id, account_id, name, created_at, last_used_at, revoked_at FROM api_tokens
            WHERE account_id = \(bind: accountID.uuid) ORDER BY created_at DESC
            """).rows(Row.self).map(\.token)
    }

    /// The account a live (not revoked) token belongs to, recording its use.
    public func account(forTokenHash hash: String, at now: Date) async throws -> Account? {
        struct Use: Decodable {
            let tokenId: UUID
            let lastUsedAt: Date?
        }
        // The token and its account in one query: every API request asks this first.
        guard let row = try await self.database.sql.raw("""
            SELECT t.id AS token_id, t.last_used_at, \(AccountStore.columns(of: "a"))
            FROM api_tokens t JOIN accounts a ON a.id = t.account_id
            WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL
            """).first()
        else { return nil }
        let use = try row.decoded(Use.self)
        // Recording use at most once a minute keeps API reads from turning into writes.
        if (use.lastUsedAt.map { now.timeIntervalSince($0) > 60 } ?? true) {
            try await self.database.write("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: use.tokenId)")
        }
        return try row.decoded(AccountStore.Row.self).account
    }

    /// Revokes one of the account's own tokens; `false` when it has no such live token.
    public func revoke(_ id: APIToken.ID, of accountID: Account.ID, at now: Date) async throws -> Bool {
        try await self.database.transaction { db in
            struct Row: Decodable { let id: UUID }
            let rows: [Row] = try await db.raw("""
                SELECT id FROM api_tokens WHERE id = \(bind: id.uuid) AND account_id = \(bind: accountID.uuid) AND revoked_at IS NULL
                """).rows(Row.self)
            guard !rows.isEmpty else { return false }
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: id.uuid)").run()
            try await AuditStore.insert(AuditEvent(at: now, actorID: accountID, action: .tokenRevoked, entityType: "token", entityID: id.description), on: db)
            return true
        }
    }
}
