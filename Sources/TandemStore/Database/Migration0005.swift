extension Migrations {
    /// The client portal: invitations, client accounts with their own sessions and tokens, the client's ticks of
    /// action steps and answers before sessions, questionnaire schedules, and whether the progress picture is shared.
    static func schema0005(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE invitations (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                token_hash TEXT NOT NULL UNIQUE,
                created_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                created_at \(d.timestamp) NOT NULL,
                expires_at \(d.timestamp) NOT NULL,
                used_at \(d.timestamp),
                revoked_at \(d.timestamp)
            )
            """,
            "CREATE INDEX invitations_by_engagement ON invitations (engagement_id, created_at)",
            """
            CREATE TABLE client_accounts (
                id \(d.uuid) PRIMARY KEY,
                client_id \(d.uuid) NOT NULL UNIQUE REFERENCES clients (id),
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                created_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE portal_sessions (
                token_hash TEXT PRIMARY KEY,
                client_account_id \(d.uuid) NOT NULL REFERENCES client_accounts (id),
                created_at \(d.timestamp) NOT NULL,
                last_seen_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE portal_tokens (
                id \(d.uuid) PRIMARY KEY,
                client_account_id \(d.uuid) NOT NULL REFERENCES client_accounts (id),
                token_hash TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                created_at \(d.timestamp) NOT NULL,
                revoked_at \(d.timestamp)
            )
            """,
            "ALTER TABLE action_steps ADD COLUMN client_status TEXT CHECK (client_status IS NULL OR client_status IN ('done', 'partly', 'notDone'))",
            "ALTER TABLE action_steps ADD COLUMN client_note TEXT",
            "ALTER TABLE action_steps ADD COLUMN client_checked_at \(d.timestamp)",
            "ALTER TABLE sessions ADD COLUMN client_intention TEXT",
            "ALTER TABLE sessions ADD COLUMN client_intention_at \(d.timestamp)",
            "ALTER TABLE engagements ADD COLUMN share_progress \(d.bool) NOT NULL DEFAULT \(d.falseLiteral)",
            """
            CREATE TABLE measure_schedules (
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                instrument_id TEXT NOT NULL,
                every_sessions INTEGER NOT NULL CHECK (every_sessions BETWEEN 1 AND 12),
                PRIMARY KEY (engagement_id, instrument_id)
            )
            """,
        ]
    }
}
