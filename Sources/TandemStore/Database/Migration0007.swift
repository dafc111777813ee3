extension Migrations {
    /// The audit log is append-only in the database itself, as the permanent clinical records are: an UPDATE or a
    /// DELETE of an audit event is refused by a trigger (SQLite) or a trigger function (PostgreSQL), whatever runs it.
    static func schema0007(_ d: Dialect) -> [String] {
        d.forbidChanges(on: "audit_events")
    }
}
