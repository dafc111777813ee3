import Crypto
import Foundation
import SQLKit
import TandemCore

/// The practice itself, its first-run set-up, and installation-wide secrets.
public enum PracticeStore {

    /// The practice, or `nil` before set-up.
    public static func practice(on tx: Transaction) async throws -> Practice? {
        struct Row: Decodable {
            let id: UUID
            let name: String
            let createdAt: Date
        }
        let row = try await tx.sql.raw("SELECT id, name, created_at FROM practice").row(Row.self)
        return row.map { Practice(id: .init($0.id), name: $0.name, createdAt: $0.createdAt) }
    }

    /// Creates the practice and its owner in one transaction. Refused once a practice exists.
    public static func setUp(practiceName: String, owner: ValidAccount, passwordHash: String, at now: Date, on tx: Transaction) async throws -> (
        Practice, Account
    ) {
        let practice = Practice(id: .init(), name: practiceName, createdAt: now)
        let account = Account(id: .init(), name: owner.name, email: owner.email, role: .owner, licence: owner.licence, createdAt: now)
        do {
            struct Count: Decodable { let n: Int }
            let existing = try await tx.sql.raw("SELECT COUNT(*) AS n FROM practice").row(Count.self)
            if (existing?.n ?? 0) > 0 { throw TandemError.conflict(code: .alreadySetUp, message: Self.alreadySetUpMessage) }
            try await tx.sql.raw(
                "INSERT INTO practice (id, name, created_at) VALUES (\(bind: practice.id.uuid), \(bind: practice.name), \(bind: now))"
            ).run()
            try await AccountStore.insert(account, practiceID: practice.id, passwordHash: passwordHash, on: tx.sql)
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.conflict(code: .alreadySetUp, message: Self.alreadySetUpMessage)
        }
        return (practice, account)
    }

    public static let alreadySetUpMessage = "This installation is already set up. Sign in instead."

    /// A random 32-byte secret stored under `name`, created on first use and shared by every instance.
    public static func secret(named name: String, on tx: Transaction) async throws -> Data {
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let key = "secret." + name
        try await tx.run("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: fresh)) ON CONFLICT (key) DO NOTHING")
        struct Row: Decodable { let value: String }
        guard let row = try await tx.sql.raw("SELECT value FROM settings WHERE key = \(bind: key)").row(Row.self),
            let data = Data(base64Encoded: row.value), data.count == 32
        else { throw StoreError.unexpected("the secret \(name) is missing or malformed") }
        return data
    }

    /// The practice's own crisis text for the portal; nil when the owner has not set one.
    public static func crisisText(on tx: Transaction) async throws -> String? {
        struct Row: Decodable { let crisisText: String? }
        return try await tx.sql.raw("SELECT crisis_text FROM practice").row(Row.self)?.crisisText
    }

    public static func setCrisisText(_ text: String?, on tx: Transaction) async throws {
        try await tx.run("UPDATE practice SET crisis_text = \(bind: text)")
    }
}
