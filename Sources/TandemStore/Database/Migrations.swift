import Foundation
import Logging
import SQLKit

/// A named, forward-only schema step. Once landed, a migration is never edited: add a new one.
struct Migration: Sendable {
    let name: String
    /// The statements, in order, for the given dialect.
    let statements: @Sendable (Dialect) -> [String]
}

/// The ordered list of migrations, applied at start and recorded in `schema_migrations`.
enum Migrations {
    static let all: [Migration] = [
        Migration(name: "0001_practice_accounts_clients_audit", statements: schema0001),
    ]

    /// Applies, in order, each migration not yet recorded; each in its own transaction with its record.
    static func apply(to database: TandemDatabase, logger: Logger) async throws {
        try await database.sql.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at \(unsafeRaw: database.dialect.timestamp) NOT NULL)"
        ).run()
        let dialect = database.dialect
        for migration in all {
            let applied = try await database.transaction { db -> Bool in
                if dialect == .postgres {
                    // Two instances starting together: the second waits here, then sees the step recorded.
                    try await db.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
                }
                struct Name: Decodable { let name: String }
                let done: [Name] = try await db.raw("SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)").all(decoding: Name.self)
                guard done.isEmpty else { return false }
                for statement in migration.statements(dialect) {
                    do {
                        try await db.raw("\(unsafeRaw: statement)").run()
                    } catch {
                        throw StoreError.migration(name: migration.name, underlying: String(reflecting: error))
                    }
                }
                try await db.raw("INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: migration.name), \(bind: Date()))").run()
                return true
            }
            if applied { logger.info("Applied migration", metadata: ["migration": .string(migration.name)]) }
        }
    }

    /// Names of the migrations recorded as applied, in order.
    static func applied(in database: TandemDatabase) async throws -> [String] {
        struct Name: Decodable { let name: String }
        let rows: [Name] = try await database.sql.raw("SELECT name FROM schema_migrations ORDER BY name").all(decoding: Name.self)
        return rows.map(\.name)
    }

    static func schema0001(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE practice (
                id \(d.uuid) PRIMARY KEY,
                singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                created_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE accounts (
                id \(d.uuid) PRIMARY KEY,
                practice_id \(d.uuid) NOT NULL REFERENCES practice (id),
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('owner', 'practitioner')),
                licence TEXT CHECK (licence IS NULL OR length(licence) <= 200),
                created_at \(d.timestamp) NOT NULL,
                updated_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE web_sessions (
                token_hash TEXT PRIMARY KEY,
                account_id \(d.uuid) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                created_at \(d.timestamp) NOT NULL,
                last_seen_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX web_sessions_by_account ON web_sessions (account_id)",
            """
            CREATE TABLE api_tokens (
                id \(d.uuid) PRIMARY KEY,
                account_id \(d.uuid) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                token_hash TEXT NOT NULL UNIQUE,
                created_at \(d.timestamp) NOT NULL,
                last_used_at \(d.timestamp),
                revoked_at \(d.timestamp)
            )
            """,
            "CREATE INDEX api_tokens_by_account ON api_tokens (account_id)",
            """
            CREATE TABLE sign_in_throttle (
                email TEXT PRIMARY KEY,
                failures INTEGER NOT NULL CHECK (failures >= 0),
                locked_until \(d.timestamp)
            )
            """,
            """
            CREATE TABLE clients (
                id \(d.uuid) PRIMARY KEY,
                practitioner_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
                sort_name TEXT NOT NULL,
                email TEXT CHECK (email IS NULL OR length(email) <= 254),
                phone TEXT CHECK (phone IS NULL OR length(phone) <= 30),
                date_of_birth TEXT CHECK (date_of_birth IS NULL OR length(date_of_birth) = 10),
                status TEXT NOT NULL CHECK (status IN ('active', 'discharged')),
                created_at \(d.timestamp) NOT NULL,
                updated_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX clients_by_practitioner_name ON clients (practitioner_id, sort_name, id)",
            "CREATE INDEX clients_by_name ON clients (sort_name, id)",
            """
            CREATE TABLE audit_events (
                seq \(d.serialKey),
                id \(d.uuid) NOT NULL UNIQUE,
                at \(d.timestamp) NOT NULL,
                actor_id \(d.uuid) REFERENCES accounts (id),
                action TEXT NOT NULL,
                entity_type TEXT,
                entity_id TEXT,
                outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
                detail TEXT CHECK (detail IS NULL OR length(detail) <= 200)
            )
            """,
            "CREATE INDEX audit_events_by_entity ON audit_events (entity_type, entity_id, seq)",
        ]
    }
}
