extension Migrations {
    /// Measures (DOMAIN.md "measure"): every administration with every item answer, and Goal Attainment Scaling.
    static func schema0004(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE administrations (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                instrument_id TEXT NOT NULL CHECK (length(instrument_id) BETWEEN 1 AND 20),
                answers TEXT NOT NULL,
                total INTEGER NOT NULL CHECK (total >= 0),
                band TEXT NOT NULL,
                risk_flags TEXT NOT NULL,
                respondent TEXT NOT NULL CHECK (respondent IN ('clientPortal', 'inSession')),
                administered_at \(d.timestamp) NOT NULL,
                recorded_by \(d.uuid) REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX administrations_by_engagement ON administrations (engagement_id, instrument_id, administered_at)",
        ] + d.forbidChanges(on: "administrations")
    }
}
