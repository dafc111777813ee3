import Foundation
import SQLKit
import TandemCore

/// Each account's TOTP secret (sealed), its recovery codes (keyed digests, each usable once), the sign-ins waiting
/// for their second step, and the practice's requirement. Replay is refused in the database: a time step is taken
/// only if it is later than the last one taken, in one statement, so two instances cannot both accept a code.
public enum SecondFactorStore {
    /// An account's second factor: its secret, and when it was switched on (nil while the enrolment waits for its
    /// first code).
    public struct Record: Sendable, Equatable {
        public let secret: String
        public let enabledAt: Date?
    }

    public static func record(of account: Account.ID, on tx: Transaction) async throws -> Record? {
        struct Row: Decodable {
            let secret: String
            let enabledAt: Date?
        }
        guard let row = try await tx.sql.raw("SELECT secret, enabled_at FROM second_factors WHERE id = \(bind: account.uuid)").row(Row.self)
        else { return nil }
        let secret = try tx.keys.open(row.secret, Sealed.totpSecret, row: account.uuid) as String
        return Record(secret: secret, enabledAt: row.enabledAt)
    }

    /// Whether the account has it switched on (without opening the secret).
    public static func isOn(for account: Account.ID, on tx: Transaction) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        let rows: [Row] = try await tx.sql.raw(
            "SELECT id FROM second_factors WHERE id = \(bind: account.uuid) AND enabled_at IS NOT NULL"
        ).rows(Row.self)
        return !rows.isEmpty
    }

    /// Starts (or starts again) an enrolment with a new secret; refused by the caller when one is on.
    public static func begin(_ account: Account.ID, secret: String, at now: Date, on tx: Transaction) async throws {
        let sealed = try tx.keys.seal(secret, Sealed.totpSecret, row: account.uuid)
        try await tx.run("DELETE FROM second_factors WHERE id = \(bind: account.uuid)")
        try await tx.run(
            "INSERT INTO second_factors (id, secret, created_at) VALUES (\(bind: account.uuid), \(bind: sealed), \(bind: now))")
    }

    /// Switches the enrolment on, with the step of the code that confirmed it, and its recovery codes (kept as keyed
    /// digests).
    public static func enable(_ account: Account.ID, step: Int64, recoveryCodes: [String], at now: Date, on tx: Transaction) async throws {
        let codeDigests = recoveryCodes.map { tx.keys.lookupToken("recovery", $0) }
        try await tx.run(
            "UPDATE second_factors SET enabled_at = \(bind: now), last_step = \(bind: step) WHERE id = \(bind: account.uuid) AND enabled_at IS NULL")
        try await tx.run("DELETE FROM recovery_codes WHERE account_id = \(bind: account.uuid)")
        for digest in codeDigests {
            try await tx.run("INSERT INTO recovery_codes (account_id, code_digest) VALUES (\(bind: account.uuid), \(bind: digest))")
        }
    }

    /// Takes a time step for the account if it is later than every step taken before; `false` for a replay.
    public static func take(step: Int64, for account: Account.ID, on tx: Transaction) async throws -> Bool {
        struct Taken: Decodable { let id: UUID }
        let rows: [Taken] = try await tx.sql.raw(
            """
            UPDATE second_factors SET last_step = \(bind: step)
            WHERE id = \(bind: account.uuid) AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < \(bind: step))
            RETURNING id
            """
        ).rows(Taken.self)
        return !rows.isEmpty
    }

    /// Uses one recovery code if it is the account's and unused; `false` otherwise.
    public static func useRecoveryCode(_ code: String, for account: Account.ID, at now: Date, on tx: Transaction) async throws -> Bool {
        let digest = tx.keys.lookupToken("recovery", code)
        struct Used: Decodable { let codeDigest: String }
        let rows: [Used] = try await tx.sql.raw(
            """
            UPDATE recovery_codes SET used_at = \(bind: now)
            WHERE account_id = \(bind: account.uuid) AND code_digest = \(bind: digest) AND used_at IS NULL
            RETURNING code_digest
            """
        ).rows(Used.self)
        return !rows.isEmpty
    }

    public static func unusedRecoveryCodes(of account: Account.ID, on tx: Transaction) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await tx.sql.raw(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = \(bind: account.uuid) AND used_at IS NULL"
        ).row(Count.self)?.n ?? 0
    }

    /// Switches it off: the secret and the codes are gone.
    public static func remove(_ account: Account.ID, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM recovery_codes WHERE account_id = \(bind: account.uuid)")
        try await tx.run("DELETE FROM second_factors WHERE id = \(bind: account.uuid)")
        try await tx.run("DELETE FROM sign_in_challenges WHERE account_id = \(bind: account.uuid)")
    }

    // MARK: Sign-ins waiting for their second step

    public static func createChallenge(tokenHash: String, for account: Account.ID, expiresAt: Date, now: Date, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM sign_in_challenges WHERE expires_at <= \(bind: now)")
        try await tx.run(
            "INSERT INTO sign_in_challenges (token_hash, account_id, expires_at) VALUES (\(bind: tokenHash), \(bind: account.uuid), \(bind: expiresAt))"
        )
    }

    /// The account a live challenge belongs to.
    public static func challenge(tokenHash: String, at now: Date, on tx: Transaction) async throws -> Account? {
        struct Row: Decodable { let accountId: UUID }
        guard
            let row = try await tx.sql.raw(
                "SELECT account_id FROM sign_in_challenges WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: now)"
            ).row(Row.self)
        else { return nil }
        return try await AccountStore.find(.init(row.accountId), on: tx)
    }

    public static func endChallenge(tokenHash: String, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM sign_in_challenges WHERE token_hash = \(bind: tokenHash)")
    }

    /// The accounts that have it on (the team page says who has not).
    public static func accountsWithItOn(on tx: Transaction) async throws -> Set<Account.ID> {
        struct Row: Decodable { let id: UUID }
        let rows: [Row] = try await tx.sql.raw("SELECT id FROM second_factors WHERE enabled_at IS NOT NULL").rows(Row.self)
        return Set(rows.map { .init($0.id) })
    }

    // MARK: The practice's requirement

    public static func isRequired(on tx: Transaction) async throws -> Bool {
        struct Row: Decodable { let requireSecondFactor: Bool }
        return try await tx.sql.raw("SELECT require_second_factor FROM practice WHERE singleton = 1").row(Row.self)?.requireSecondFactor ?? false
    }

    public static func setRequired(_ required: Bool, on tx: Transaction) async throws {
        try await tx.run("UPDATE practice SET require_second_factor = \(bind: required) WHERE singleton = 1")
    }
}
