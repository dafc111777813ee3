import Foundation
import SQLKit
import TandemCore

/// Accounts of the practitioner side.
public enum AccountStore {

    struct Row: Decodable {
        let id: UUID
        let name: String
        let email: String
        let role: String
        let licence: String?
        let ethicsCode: String?
        let coachingCredential: String?
        let timeZone: String
        let planOpeningPercent: Int
        let planClosingPercent: Int
        let noteFormat: String
        let createdAt: Date
        let passwordHash: String

        var account: Account {
            get throws {
                Account(
                    id: .init(self.id), name: self.name, email: self.email, role: try .stored(self.role, table: "accounts", column: "role"),
                    licence: self.licence, ethicsCode: self.ethicsCode, coachingCredential: self.coachingCredential,
                    sessionDefaults: SessionDefaults(
                        timeZone: self.timeZone, shares: .init(opening: self.planOpeningPercent, closing: self.planClosingPercent),
                        noteFormat: try .stored(self.noteFormat, table: "accounts", column: "note_format")),
                    createdAt: self.createdAt
                )
            }
        }
    }

    static let columnNames = [
        "id", "name", "email", "role", "licence", "ethics_code", "coaching_credential", "time_zone", "plan_opening_percent", "plan_closing_percent",
        "note_format", "created_at", "password_hash",
    ]
    static let columns = SQLQueryString(columnNames.joined(separator: ", "))

    /// The columns of an account joined under `alias`.
    static func columns(of alias: String) -> SQLQueryString {
        SQLQueryString(columnNames.map { "\(alias).\($0)" }.joined(separator: ", "))
    }

    /// Adds an account to the practice. An e-mail already in use is a field error on `email`.
    public static func create(_ valid: ValidAccount, practiceID: Practice.ID, passwordHash: String, at now: Date, on tx: Transaction) async throws
        -> Account
    {
        let account = Account(id: .init(), name: valid.name, email: valid.email, role: valid.role, licence: valid.licence, createdAt: now)
        do {
            try await Self.insert(account, practiceID: practiceID, passwordHash: passwordHash, on: tx.sql)
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.invalid("email", "An account with this email already exists.")
        }
        return account
    }

    static func insert(_ account: Account, practiceID: Practice.ID, passwordHash: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO accounts (id, practice_id, name, email, password_hash, role, licence, created_at, updated_at)
            VALUES (\(bind: account.id.uuid), \(bind: practiceID.uuid), \(bind: account.name), \(bind: account.email), \(bind: passwordHash),
                    \(bind: account.role.rawValue), \(bind: account.licence), \(bind: account.createdAt), \(bind: account.createdAt))
            """
        ).run()
    }

    public static func find(_ id: Account.ID, on tx: Transaction) async throws -> Account? {
        guard let account = try await tx.sql.raw("SELECT \(Self.columns) FROM accounts WHERE id = \(bind: id.uuid)").row(Row.self)?.account
        else { return nil }
        return try await Self.withSupervisees(account, on: tx)
    }

    /// The account with the practitioners she supervises filled in (a statement only for a supervisor).
    public static func withSupervisees(_ account: Account, on tx: Transaction) async throws -> Account {
        guard account.role == .supervisor else { return account }
        var account = account
        account.supervisees = try await Self.supervisees(of: account.id, on: tx)
        return account
    }

    /// Whom the supervisor supervises.
    static func supervisees(of supervisor: Account.ID, on tx: Transaction) async throws -> Set<Account.ID> {
        struct Supervisee: Decodable { let practitionerId: UUID }
        return Set(
            try await tx.sql.raw("SELECT practitioner_id FROM supervisions WHERE supervisor_id = \(bind: supervisor.uuid)").rows(Supervisee.self)
                .map { Account.ID($0.practitionerId) })
    }

    /// Every supervision of the practice: each supervisor's id with a practitioner she supervises.
    public static func supervisions(on tx: Transaction) async throws -> [(supervisor: Account.ID, practitioner: Account.ID)] {
        struct Pair: Decodable {
            let supervisorId: UUID
            let practitionerId: UUID
        }
        return try await tx.sql.raw("SELECT supervisor_id, practitioner_id FROM supervisions").rows(Pair.self).map {
            (Account.ID($0.supervisorId), Account.ID($0.practitionerId))
        }
    }

    /// Replaces whom the supervisor supervises; keeps the start of each supervision that goes on.
    public static func setSupervisees(of supervisor: Account.ID, to practitioners: Set<Account.ID>, at now: Date, on tx: Transaction) async throws {
        let current = try await Self.supervisees(of: supervisor, on: tx)
        let ended = current.subtracting(practitioners)
        if !ended.isEmpty {
            try await tx.run(
                "DELETE FROM supervisions WHERE supervisor_id = \(bind: supervisor.uuid) AND practitioner_id IN (\(binds: ended.map(\.uuid)))")
        }
        for practitioner in practitioners.subtracting(current).sorted(by: { $0.description < $1.description }) {
            try await tx.run(
                """
                INSERT INTO supervisions (supervisor_id, practitioner_id, created_at)
                VALUES (\(bind: supervisor.uuid), \(bind: practitioner.uuid), \(bind: now))
                """)
        }
    }

    /// Every account, by name, on the use case's transaction.
    public static func all(on tx: Transaction) async throws -> [Account] {
        try await tx.sql.raw("SELECT \(Self.columns) FROM accounts ORDER BY lower(name), id").rows(Row.self).map { try $0.account }
    }

    /// The account and its password hash for a (lower-cased) e-mail address.
    public static func credentials(email: String, on tx: Transaction) async throws -> (account: Account, passwordHash: String)? {
        guard let row = try await tx.sql.raw("SELECT \(Self.columns) FROM accounts WHERE email = \(bind: email.lowercased())").row(Row.self) else {
            return nil
        }
        return (try row.account, row.passwordHash)
    }

    /// The password hash of one account.
    public static func passwordHash(of id: Account.ID, on tx: Transaction) async throws -> String? {
        try await tx.sql.raw("SELECT \(Self.columns) FROM accounts WHERE id = \(bind: id.uuid)").row(Row.self)?.passwordHash
    }

    /// Replaces the professional profile: licences, ethics code, coaching credential.
    public static func updateProfile(of id: Account.ID, to profile: Profile, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE accounts SET licence = \(bind: profile.licence), ethics_code = \(bind: profile.ethicsCode),
                coaching_credential = \(bind: profile.coachingCredential), updated_at = \(bind: now)
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    /// Replaces the time zone and the default phase shares.
    public static func updateSessionDefaults(of id: Account.ID, to defaults: SessionDefaults, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE accounts SET time_zone = \(bind: defaults.timeZone), plan_opening_percent = \(bind: defaults.shares.opening),
                plan_closing_percent = \(bind: defaults.shares.closing), note_format = \(bind: defaults.noteFormat.rawValue),
                updated_at = \(bind: now)
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    /// The owners of the practice (who are told of boundary incidents), on the use case's transaction.
    public static func owners(on tx: Transaction) async throws -> [Account] {
        try await tx.sql.raw("SELECT \(Self.columns) FROM accounts WHERE role = 'owner' ORDER BY created_at").rows(Row.self).map { try $0.account }
    }

    /// Replaces the stored hash of the same password (made the current way at a sign-in); nothing else changes.
    public static func replacePasswordHash(of id: Account.ID, with passwordHash: String, on tx: Transaction) async throws {
        try await tx.run("UPDATE accounts SET password_hash = \(bind: passwordHash) WHERE id = \(bind: id.uuid)")
    }

    /// Replaces an account's password, ends its other web sessions and revokes its API tokens (a token made under
    /// the old password is not trusted under the new one).
    public static func changePassword(of id: Account.ID, to passwordHash: String, keepingSession keep: String?, at now: Date, on tx: Transaction)
        async throws
    {
        try await tx.sql.raw("UPDATE accounts SET password_hash = \(bind: passwordHash), updated_at = \(bind: now) WHERE id = \(bind: id.uuid)").run()
        try await Self.endOtherSessionsAndTokens(of: id, keepingSession: keep, at: now, on: tx)
    }

    /// Ends every browser session of the account but `keep`, and revokes its API tokens (after a change of password
    /// or of the second factor).
    public static func endOtherSessionsAndTokens(of id: Account.ID, keepingSession keep: String?, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw("DELETE FROM web_sessions WHERE account_id = \(bind: id.uuid) AND token_hash <> \(bind: keep ?? "")").run()
        try await tx.run("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE account_id = \(bind: id.uuid) AND revoked_at IS NULL")
    }
}
