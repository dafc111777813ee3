import Foundation
import Logging
import SQLKit

/// A named, forward-only schema step. Once landed, a migration is never edited: add a new one.
struct Migration: Sendable {
    let name: String
    /// The statements, in order, for the given dialect.
    let statements: @Sendable (Dialect) -> [String]
    /// A step that needs more than fixed statements (it reads before it writes), run after them in the same transaction.
    var custom: (@Sendable (Dialect, any SQLDatabase) async throws -> Void)? = nil
}

/// The ordered list of migrations, applied at start and recorded in `schema_migrations`.
enum Migrations {
    static let all: [Migration] = [
        Migration(name: "0001_practice_accounts_clients_audit", statements: schema0001),
        Migration(name: "0002_engagements_screenings_boundaries_alerts", statements: schema0002),
        Migration(name: "0003_sessions_markers_questions_takeaways_action_steps", statements: schema0003),
        Migration(name: "0004_measures_goal_attainment", statements: schema0004),
        Migration(name: "0005_client_portal", statements: schema0005),
        Migration(name: "0006_indexes_for_growth", statements: schema0006),
        Migration(name: "0007_audit_append_only", statements: schema0007),
        Migration(name: "0008_encryption_at_rest_audit_chain", statements: schema0008, custom: dropLengthChecks0008),
        Migration(name: "0009_throttle_per_address_token_expiry", statements: schema0009),
        Migration(name: "0010_second_factor", statements: schema0010),
        Migration(name: "0011_bounds_on_sealed_columns", statements: schema0011, custom: addSealedBounds0011),
        Migration(name: "0012_how_far_rating", statements: schema0012),
        Migration(name: "0013_safety_first", statements: schema0013),
        Migration(name: "0014_notes_of_record", statements: schema0014),
        Migration(name: "0015_consent_to_the_coaching_edge", statements: schema0015),
        Migration(name: "0016_consent_alerts", statements: schema0016),
        Migration(name: "0017_supervision", statements: schema0017, custom: supervisorRole0017),
    ]

    /// Applies, in order, each migration not yet recorded; each in its own transaction with its record.
    static func apply(to database: TandemDatabase, logger: Logger) async throws {
        try await database.sql.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at \(unsafeRaw: database.dialect.timestamp) NOT NULL)"
        ).run()
        let dialect = database.dialect
        for migration in all {
            let applied = try await database.transaction { db -> Bool in
                if let lock = dialect.migrationLock { try await db.raw("\(unsafeRaw: lock)").run() }
                struct Name: Decodable { let name: String }
                let done: [Name] = try await db.raw("SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)").all(
                    decoding: Name.self)
                guard done.isEmpty else { return false }
                for statement in migration.statements(dialect) {
                    do {
                        try await db.raw("\(unsafeRaw: statement)").run()
                    } catch {
                        throw StoreError.migration(name: migration.name, underlying: String(reflecting: error))
                    }
                }
                do {
                    try await migration.custom?(dialect, db)
                } catch {
                    throw StoreError.migration(name: migration.name, underlying: String(reflecting: error))
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

    static func schema0002(_ d: Dialect) -> [String] {
        [
            "ALTER TABLE accounts ADD COLUMN ethics_code TEXT CHECK (ethics_code IS NULL OR length(ethics_code) <= 200)",
            "ALTER TABLE accounts ADD COLUMN coaching_credential TEXT CHECK (coaching_credential IS NULL OR length(coaching_credential) <= 200)",
            // One row per practitioner and client, for good: the role they hold. Engagements must match it, so the
            // schema itself refuses a second role (docs/MODEL.md §9).
            """
            CREATE TABLE relationships (
                practitioner_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                client_id \(d.uuid) NOT NULL REFERENCES clients (id),
                role TEXT NOT NULL CHECK (role IN ('therapy', 'coaching')),
                created_at \(d.timestamp) NOT NULL,
                PRIMARY KEY (practitioner_id, client_id),
                UNIQUE (practitioner_id, client_id, role)
            )
            """,
            """
            CREATE TABLE engagements (
                id \(d.uuid) PRIMARY KEY,
                client_id \(d.uuid) NOT NULL REFERENCES clients (id),
                practitioner_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                role TEXT NOT NULL CHECK (role IN ('therapy', 'coaching')),
                status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                start_date TEXT NOT NULL CHECK (length(start_date) = 10),
                planned_sessions INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 52),
                review_date TEXT NOT NULL CHECK (length(review_date) = 10),
                goals TEXT NOT NULL,
                needs_review \(d.bool) NOT NULL DEFAULT \(d.falseLiteral),
                paused_reason TEXT,
                paused_since \(d.timestamp),
                created_at \(d.timestamp) NOT NULL,
                closed_at \(d.timestamp),
                FOREIGN KEY (practitioner_id, client_id, role) REFERENCES relationships (practitioner_id, client_id, role),
                CHECK ((paused_reason IS NULL) = (paused_since IS NULL)),
                CHECK ((status = 'closed') = (closed_at IS NOT NULL))
            )
            """,
            "CREATE UNIQUE INDEX engagements_one_open ON engagements (practitioner_id, client_id) WHERE status = 'open'",
            "CREATE INDEX engagements_by_client ON engagements (client_id, created_at)",
            "CREATE INDEX engagements_by_practitioner ON engagements (practitioner_id, status)",
            """
            CREATE TABLE screenings (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                stability TEXT NOT NULL CHECK (stability IN ('yes', 'partly', 'no')),
                functioning TEXT NOT NULL CHECK (functioning IN ('yes', 'partly', 'no')),
                follow_through TEXT NOT NULL CHECK (follow_through IN ('yes', 'partly', 'no')),
                readiness TEXT NOT NULL CHECK (readiness IN ('precontemplation', 'contemplation', 'preparation', 'action', 'maintenance')),
                importance INTEGER NOT NULL CHECK (importance BETWEEN 0 AND 10),
                confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
                directive_preference TEXT NOT NULL CHECK (directive_preference IN ('yes', 'unsure', 'no')),
                safety_flags TEXT NOT NULL,
                computed_result TEXT NOT NULL CHECK (computed_result IN ('coachable', 'coachableWithCare', 'notNow')),
                reasons TEXT NOT NULL,
                safety_flagged \(d.bool) NOT NULL,
                override_result TEXT CHECK (override_result IS NULL OR override_result IN ('coachable', 'notNow')),
                override_reason TEXT,
                override_by \(d.uuid) REFERENCES accounts (id),
                override_at \(d.timestamp),
                screened_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                screened_at \(d.timestamp) NOT NULL,
                CHECK (override_result IS NULL OR (computed_result = 'coachableWithCare' AND length(override_reason) >= 20))
            )
            """,
            "CREATE INDEX screenings_by_engagement ON screenings (engagement_id, screened_at)",
            """
            CREATE TABLE boundary_crossings (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                date TEXT NOT NULL CHECK (length(date) = 10),
                kind TEXT NOT NULL CHECK (kind IN ('selfDisclosure', 'touch', 'homeOrCommunityVisit', 'outdoorSession', 'gift',
                                                    'contactOutsideSessions', 'extendedSession', 'other')),
                rationale TEXT NOT NULL CHECK (length(rationale) >= 20),
                client_response TEXT,
                consultation_sought \(d.bool) NOT NULL,
                recorded_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX boundary_crossings_by_engagement ON boundary_crossings (engagement_id, date)",
            """
            CREATE TABLE boundary_incidents (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                date TEXT NOT NULL CHECK (length(date) = 10),
                kind TEXT NOT NULL CHECK (kind IN ('sexualContact', 'financialExploitation', 'dualRelationship', 'otherExploitation')),
                description TEXT NOT NULL CHECK (length(description) >= 10),
                recorded_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX boundary_incidents_by_engagement ON boundary_incidents (engagement_id, date)",
            """
            CREATE TABLE boundary_addenda (
                id \(d.uuid) PRIMARY KEY,
                crossing_id \(d.uuid) REFERENCES boundary_crossings (id),
                incident_id \(d.uuid) REFERENCES boundary_incidents (id),
                text TEXT NOT NULL CHECK (length(text) >= 5),
                recorded_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL,
                CHECK ((crossing_id IS NULL) <> (incident_id IS NULL))
            )
            """,
            "CREATE INDEX boundary_addenda_by_crossing ON boundary_addenda (crossing_id, recorded_at)",
            "CREATE INDEX boundary_addenda_by_incident ON boundary_addenda (incident_id, recorded_at)",
            """
            CREATE TABLE alerts (
                id \(d.uuid) PRIMARY KEY,
                recipient_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                kind TEXT NOT NULL CHECK (kind IN ('boundaryIncident', 'safety')),
                engagement_id \(d.uuid) REFERENCES engagements (id),
                created_at \(d.timestamp) NOT NULL,
                resolved_at \(d.timestamp),
                resolved_by \(d.uuid) REFERENCES accounts (id)
            )
            """,
            "CREATE INDEX alerts_by_recipient ON alerts (recipient_id, resolved_at, created_at)",
        ]
            + d.forbidChanges(on: "boundary_crossings")
            + d.forbidChanges(on: "boundary_incidents")
            + d.forbidChanges(on: "boundary_addenda")
    }
}
