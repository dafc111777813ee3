extension Migrations {
    /// Two-step sign-in: each account's TOTP secret (sealed; a row without `enabled_at` is an enrolment not yet
    /// confirmed), its single-use recovery codes (keyed digests), the sign-ins waiting for their second step, and
    /// whether the owner requires it of everyone.
    static func schema0010(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE second_factors (
                id \(d.uuid) PRIMARY KEY REFERENCES accounts (id),
                secret TEXT NOT NULL,
                enabled_at \(d.timestamp),
                last_step \(d.bigint),
                created_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE recovery_codes (
                account_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                code_digest TEXT NOT NULL,
                used_at \(d.timestamp),
                PRIMARY KEY (account_id, code_digest)
            )
            """,
            """
            CREATE TABLE sign_in_challenges (
                token_hash TEXT PRIMARY KEY,
                account_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                expires_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sign_in_challenges_by_expiry ON sign_in_challenges (expires_at)",
            "ALTER TABLE practice ADD COLUMN require_second_factor \(d.bool) NOT NULL DEFAULT \(d == .postgres ? "FALSE" : "0")",
        ]
    }
}
