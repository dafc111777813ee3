import TandemCore

extension Migrations {
    /// Consent to the coaching edge: the practice's consent text, versioned (version 1 is Tandem's standard text;
    /// the owner's edits add versions), every consent given (in the room or in the portal, with the client's typed
    /// name sealed) and withdrawn, and the engagement's consent as it stands, on the engagement row so that every
    /// read of an engagement knows it without another statement.
    static func schema0015(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE consent_texts (
                version INTEGER PRIMARY KEY CHECK (version >= 1),
                text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND \(ConsentText.limit)),
                created_at \(d.timestamp),
                created_by \(d.uuid) REFERENCES accounts (id)
            )
            """,
            """
            CREATE TABLE consents (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                text_version INTEGER NOT NULL REFERENCES consent_texts (version),
                method TEXT NOT NULL CHECK (method IN ('inRoom', 'portal')),
                typed_name TEXT CHECK (typed_name IS NULL OR length(typed_name) <= \(Self.sealedBound(ConsentText.nameLimit))),
                agreed_on TEXT NOT NULL,
                recorded_by \(d.uuid) REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL,
                withdrawn_at \(d.timestamp),
                CHECK ((method = 'portal') = (typed_name IS NOT NULL)),
                CHECK ((method = 'inRoom') = (recorded_by IS NOT NULL))
            )
            """,
            "CREATE INDEX consents_by_engagement ON consents (engagement_id, recorded_at)",
            "ALTER TABLE engagements ADD COLUMN consent_version INTEGER",
            "ALTER TABLE engagements ADD COLUMN consent_method TEXT CHECK (consent_method IS NULL OR consent_method IN ('inRoom', 'portal'))",
            "ALTER TABLE engagements ADD COLUMN consent_at \(d.timestamp)",
            "ALTER TABLE engagements ADD COLUMN consent_withdrawn_at \(d.timestamp)",
            // Tandem's own text, the practice's until the owner writes another (no time or author: it came with Tandem).
            "INSERT INTO consent_texts (version, text) VALUES (1, '\(ConsentText.standard.replacingOccurrences(of: "'", with: "''"))')",
        ]
    }
}
