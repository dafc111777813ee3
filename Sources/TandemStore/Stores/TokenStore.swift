import Foundation
import SQLKit
import TandemCore

/// Personal access tokens. Only the SHA-256 of a token is stored; the token is shown once, when created.
public enum TokenStore {

    struct Row: Decodable {
        let id: UUID
        let accountId: UUID
        let name: String
        let createdAt: Date
        let lastUsedAt: Date?
        let revokedAt: Date?
        let expiresAt: Date?

        var token: APIToken {
            APIToken(
                id: .init(self.id), accountID: .init(self.accountId), name: self.name, createdAt: self.createdAt, lastUsedAt: self.lastUsedAt,
                revokedAt: self.revokedAt, expiresAt: self.expiresAt)
        }
    }

    public static func create(
        name: String, tokenHash: String, for accountID: Account.ID, at now: Date, expiresAt: Date?, on tx: Transaction
    ) async throws -> APIToken {
        let token = APIToken(id: .init(), accountID: accountID, name: name, createdAt: now, lastUsedAt: nil, revokedAt: nil, expiresAt: expiresAt)
        try await tx.sql.raw(
            """
            INSERT INTO api_tokens (id, account_id, name, token_hash, created_at, expires_at)
            VALUES (\(bind: token.id.uuid), \(bind: accountID.uuid), \(bind: name), \(bind: tokenHash), \(bind: now), \(bind: expiresAt))
            """
        ).run()
        return token
    }

    /// The tokens of one account, newest first.
    public static func tokens(of accountID: Account.ID, on tx: Transaction) async throws -> [APIToken] {
        try await tx.sql.raw(
            """
            SELECT id, account_id, name, created_at, last_used_at, revoked_at, expires_at FROM api_tokens
            WHERE account_id = \(bind: accountID.uuid) ORDER BY created_at DESC
            """
        ).rows(Row.self).map(\.token)
    }

    /// A live (neither revoked nor expired at `now`, and not held back by the practice's two-step requirement) token: its id, when it was last used, and its account, in one
    /// query (every API request asks this first).
    public static func live(tokenHash hash: String, at now: Date, on tx: Transaction) async throws -> (
        id: APIToken.ID, lastUsedAt: Date?, account: Account
    )? {
        struct Use: Decodable {
            let tokenId: UUID
            let lastUsedAt: Date?
            let secondFactorRequired: Bool?
            let secondFactorOn: Date?
        }
        // A practice that requires two-step sign-in stops the tokens of an account that has not switched it on.
        guard
            let row = try await tx.sql.raw(
                """
                SELECT t.id AS token_id, t.last_used_at, \(AccountStore.columns(of: "a")),
                    (SELECT p.require_second_factor FROM practice p WHERE p.singleton = 1) AS second_factor_required,
                    (SELECT f.enabled_at FROM second_factors f WHERE f.id = a.id) AS second_factor_on
                FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > \(bind: now))
                """
            ).first()
        else { return nil }
        let use = try row.decoded(Use.self)
        if use.secondFactorRequired == true, use.secondFactorOn == nil { return nil }
        let account = try await AccountStore.withSupervisees(try row.decoded(AccountStore.Row.self).account, on: tx)
        return (.init(use.tokenId), use.lastUsedAt, account)
    }

    /// Notes when a token was last used.
    public static func recordUse(_ id: APIToken.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.run("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id.uuid)")
    }

    /// Revokes one of the account's own tokens; `false` when it has no such live token.
    public static func revoke(_ id: APIToken.ID, of accountID: Account.ID, at now: Date, on tx: Transaction) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id FROM api_tokens WHERE id = \(bind: id.uuid) AND account_id = \(bind: accountID.uuid) AND revoked_at IS NULL
            """
        ).rows(Row.self)
        guard !rows.isEmpty else { return false }
        try await tx.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: id.uuid)").run()
        return true
    }
}
