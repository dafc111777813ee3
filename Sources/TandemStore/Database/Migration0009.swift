extension Migrations {
    /// Accounts hardened: the sign-in throttle keeps a row per e-mail address tried and per network address trying,
    /// each expiring (so the table does not grow without bound); API tokens may expire.
    static func schema0009(_ d: Dialect) -> [String] {
        [
            "DROP TABLE sign_in_throttle",
            """
            CREATE TABLE sign_in_throttle (
                key TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('email', 'address')),
                failures INTEGER NOT NULL CHECK (failures >= 0),
                locked_until \(d.timestamp),
                expires_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sign_in_throttle_by_expiry ON sign_in_throttle (expires_at)",
            "ALTER TABLE api_tokens ADD COLUMN expires_at \(d.timestamp)",
        ]
    }
}
