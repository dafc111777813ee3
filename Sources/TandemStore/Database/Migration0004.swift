extension Migrations {
    /// Measures (docs/MODEL.md, Measures): every administration with every item answer, and Goal Attainment Scaling.
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
            """
            CREATE TABLE goal_scales (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                goal_number INTEGER NOT NULL CHECK (goal_number BETWEEN 1 AND 5),
                goal TEXT NOT NULL,
                level_minus2 TEXT NOT NULL,
                level_minus1 TEXT NOT NULL,
                level_0 TEXT NOT NULL,
                level_plus1 TEXT NOT NULL,
                level_plus2 TEXT NOT NULL,
                weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 4),
                created_at \(d.timestamp) NOT NULL,
                UNIQUE (engagement_id, goal_number)
            )
            """,
            """
            CREATE TABLE goal_reviews (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                reviewed_at \(d.timestamp) NOT NULL,
                recorded_by \(d.uuid) NOT NULL REFERENCES accounts (id)
            )
            """,
            "CREATE INDEX goal_reviews_by_engagement ON goal_reviews (engagement_id, reviewed_at)",
            """
            CREATE TABLE goal_ratings (
                review_id \(d.uuid) NOT NULL REFERENCES goal_reviews (id),
                goal_scale_id \(d.uuid) NOT NULL REFERENCES goal_scales (id),
                level INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2),
                PRIMARY KEY (review_id, goal_scale_id)
            )
            """,
        ] + d.forbidChanges(on: "administrations") + d.forbidChanges(on: "goal_reviews") + d.forbidChanges(on: "goal_ratings")
    }
}
