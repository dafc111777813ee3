import SQLKit

extension Migrations {
    /// Encryption at rest and the audit chain: the wrapped keys, the blind index of client names, what is still to be
    /// sealed (every sealed table of an installation that predates this, from its first row), each audit event's
    /// chain MAC, and the record of every verification of the chain.
    static func schema0008(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE installation_keys (
                purpose TEXT NOT NULL CHECK (purpose IN ('data', 'index', 'audit')),
                generation INTEGER NOT NULL CHECK (generation >= 1),
                wrapped TEXT NOT NULL,
                key_file TEXT NOT NULL,
                created_at \(d.timestamp) NOT NULL,
                PRIMARY KEY (purpose, generation)
            )
            """,
            """
            CREATE TABLE client_name_index (
                token TEXT NOT NULL,
                client_id \(d.uuid) NOT NULL REFERENCES clients (id),
                PRIMARY KEY (token, client_id)
            )
            """,
            "CREATE INDEX client_name_index_by_client ON client_name_index (client_id)",
            """
            CREATE TABLE sealing_progress (
                table_name TEXT PRIMARY KEY,
                after_id \(d.uuid),
                mode TEXT NOT NULL CHECK (mode IN ('plain', 'rotate'))
            )
            """,
            // The portal's sign-in email is sealed too, and found by a keyed digest of it.
            "ALTER TABLE client_accounts ADD COLUMN email_index TEXT",
            "CREATE UNIQUE INDEX client_accounts_by_email ON client_accounts (email_index)",
            // The throttle keeps keyed digests of the emails tried, not the emails: its counts start again.
            "DELETE FROM sign_in_throttle",
            "ALTER TABLE audit_events ADD COLUMN mac TEXT",
            // The events still to be chained (only those of an installation from before the chain): found at once.
            "CREATE INDEX audit_events_unchained ON audit_events (seq) WHERE mac IS NULL",
            """
            CREATE TABLE audit_verifications (
                id \(d.serialKey),
                verified_at \(d.timestamp) NOT NULL,
                checked \(d.bigint) NOT NULL,
                last_seq \(d.bigint),
                last_mac TEXT,
                problem TEXT
            )
            """,
        ] + sealedIn0008.map { "INSERT INTO sealing_progress (table_name, mode) VALUES ('\($0)', 'plain')" }
    }

    /// The tables sealed when this migration landed (later ones add their own tables sealed from the first row).
    static let sealedIn0008 = [
        "clients", "client_accounts", "engagements", "screenings", "boundary_crossings", "boundary_incidents", "boundary_addenda", "sessions",
        "markers", "redirects", "takeaways", "action_steps", "session_addenda", "administrations", "goal_scales",
    ]

    /// The length limits on sealed columns are the validators' (in Core): a column holding ciphertext is longer than
    /// its text. PostgreSQL drops the named constraints; SQLite edits the table's definition in place, the way its
    /// documentation gives for removing CHECK constraints (nothing on disk changes), and bumps the schema version so
    /// every open connection reads the new definition.
    @Sendable static func dropLengthChecks0008(_ d: Dialect, _ db: any SQLDatabase) async throws {
        let checks: [(table: String, column: String, clause: String)] = [
            ("clients", "display_name", "CHECK (length(display_name) BETWEEN 1 AND 200)"),
            ("clients", "email", "CHECK (email IS NULL OR length(email) <= 254)"),
            ("clients", "phone", "CHECK (phone IS NULL OR length(phone) <= 30)"),
            ("clients", "date_of_birth", "CHECK (date_of_birth IS NULL OR length(date_of_birth) = 10)"),
            ("markers", "text", "CHECK (text IS NULL OR length(text) <= 500)"),
            ("redirects", "note", "CHECK (note IS NULL OR length(note) <= 500)"),
            ("takeaways", "text", "CHECK (length(text) BETWEEN 1 AND 1000)"),
            ("action_steps", "text", "CHECK (length(text) BETWEEN 1 AND 500)"),
        ]
        switch d {
        case .postgres:
            for check in checks {
                try await db.raw("ALTER TABLE \(ident: check.table) DROP CONSTRAINT IF EXISTS \(ident: "\(check.table)_\(check.column)_check")").run()
            }
        case .sqlite:
            struct Version: Decodable { let schemaVersion: Int }
            let version = try await db.raw("PRAGMA schema_version").first(decoding: Version.self, with: snakeCaseRows)?.schemaVersion ?? 0
            try await db.raw("PRAGMA writable_schema = ON").run()
            for check in checks {
                try await db.raw(
                    "UPDATE sqlite_master SET sql = replace(sql, \(bind: " " + check.clause), '') WHERE type = 'table' AND name = \(bind: check.table)"
                ).run()
            }
            try await db.raw("PRAGMA schema_version = \(unsafeRaw: String(version + 1))").run()
            try await db.raw("PRAGMA writable_schema = OFF").run()
        }
    }
}
