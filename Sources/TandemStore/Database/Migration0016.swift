extension Migrations {
    /// An alert for a withdrawn consent: the kinds an alert may be gain `consentWithdrawn`. SQLite cannot change a
    /// CHECK in place, so its table is rebuilt (through `alerts_rebuilt`: a rebuild's copy is always `<table>_rebuilt`) with
    /// the same columns, rows and index; PostgreSQL swaps the constraint.
    static func schema0016(_ d: Dialect) -> [String] {
        let kinds = "kind IN ('boundaryIncident', 'safety', 'consentWithdrawn')"
        switch d {
        case .postgres:
            return ["ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check", "ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check CHECK (\(kinds))"]
        case .sqlite:
            return [
                """
                CREATE TABLE alerts_rebuilt (
                    id \(d.uuid) PRIMARY KEY,
                    recipient_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                    kind TEXT NOT NULL CHECK (\(kinds)),
                    engagement_id \(d.uuid) REFERENCES engagements (id),
                    created_at \(d.timestamp) NOT NULL,
                    resolved_at \(d.timestamp),
                    resolved_by \(d.uuid) REFERENCES accounts (id),
                    administration_id \(d.uuid) REFERENCES administrations (id),
                    review_note TEXT CHECK (review_note IS NULL OR length(review_note) <= \(Self.sealedBound(500)))
                )
                """,
                """
                INSERT INTO alerts_rebuilt (id, recipient_id, kind, engagement_id, created_at, resolved_at, resolved_by, administration_id, review_note)
                SELECT id, recipient_id, kind, engagement_id, created_at, resolved_at, resolved_by, administration_id, review_note FROM alerts
                """,
                "DROP TABLE alerts",
                "ALTER TABLE alerts_rebuilt RENAME TO alerts",
                "CREATE INDEX alerts_by_recipient ON alerts (recipient_id, resolved_at, created_at)",
            ]
        }
    }
}
