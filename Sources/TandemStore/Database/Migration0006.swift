extension Migrations {
    /// Indexes the query-plan test asked for: expired web sessions found by last use, the owners found by role.
    static func schema0006(_ d: Dialect) -> [String] {
        [
            "CREATE INDEX web_sessions_by_last_seen ON web_sessions (last_seen_at)",
            "CREATE INDEX accounts_by_role ON accounts (role, created_at)",
        ]
    }
}
