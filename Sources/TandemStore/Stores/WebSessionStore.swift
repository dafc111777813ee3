import Foundation
import SQLKit
import TandemCore

/// Signed-in browser sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
/// database cannot be used to sign in.
public enum WebSessionStore {

    public struct Session: Sendable, Equatable {
        public let accountID: Account.ID
        public let createdAt: Date
        public let lastSeenAt: Date
    }

    public static func create(tokenHash: String, for accountID: Account.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.run(
            """
            INSERT INTO web_sessions (token_hash, account_id, created_at, last_seen_at)
            VALUES (\(bind: tokenHash), \(bind: accountID.uuid), \(bind: now), \(bind: now))
            """)
    }

    /// The session and its account in one query (every page asks this first).
    /// The session and its account, and whether the account must enrol in two-step sign-in before anything else (the
    /// practice requires it and the account has not switched it on), in one query.
    public static func findSignedIn(tokenHash: String, on tx: Transaction) async throws -> (session: Session, account: Account, mustEnrol: Bool)? {
        struct Times: Decodable {
            let sessionCreatedAt: Date
            let lastSeenAt: Date
            let secondFactorRequired: Bool?
            let secondFactorOn: Date?
        }
        guard
            let row = try await tx.sql.raw(
                """
                SELECT s.created_at AS session_created_at, s.last_seen_at, \(AccountStore.columns(of: "a")),
                    (SELECT p.require_second_factor FROM practice p WHERE p.singleton = 1) AS second_factor_required,
                    (SELECT f.enabled_at FROM second_factors f WHERE f.id = a.id) AS second_factor_on
                FROM web_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = \(bind: tokenHash)
                """
            ).first()
        else { return nil }
        let account = try await AccountStore.withSupervisees(try row.decoded(AccountStore.Row.self).account, on: tx)
        let times = try row.decoded(Times.self)
        let mustEnrol = (times.secondFactorRequired ?? false) && times.secondFactorOn == nil
        return (Session(accountID: account.id, createdAt: times.sessionCreatedAt, lastSeenAt: times.lastSeenAt), account, mustEnrol)
    }

    public static func touch(tokenHash: String, at now: Date, on tx: Transaction) async throws {
        try await tx.run("UPDATE web_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: tokenHash)")
    }

    public static func delete(tokenHash: String, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM web_sessions WHERE token_hash = \(bind: tokenHash)")
    }

    /// Removes sessions idle since before `cutoff`.
    public static func deleteIdle(since cutoff: Date, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM web_sessions WHERE last_seen_at < \(bind: cutoff)")
    }
}
