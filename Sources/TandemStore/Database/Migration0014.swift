extension Migrations {
    /// The note of record: a progress note per ended session, drafted and edited (`note_drafts`), then signed into
    /// `signed_notes`, which no UPDATE or DELETE may touch (the database refuses it, whoever asks); after that only
    /// signed addenda (`note_addenda`, as permanent). The sections are sealed JSON; the SHA-256 of the signed
    /// content is kept beside them in clear, to be shown on the note and checked. Each practitioner's default format. Psychotherapy notes, one per session, in a table of their own that
    /// nothing else joins.
    static func schema0014(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE note_drafts (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL UNIQUE REFERENCES sessions (id),
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                author_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                format TEXT NOT NULL CHECK (format IN ('DAP', 'BIRP', 'SOAP')),
                sections TEXT NOT NULL CHECK (length(sections) <= \(Self.sealedBound(40_000))),
                created_at \(d.timestamp) NOT NULL,
                updated_at \(d.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE signed_notes (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL UNIQUE REFERENCES sessions (id),
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                author_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                format TEXT NOT NULL CHECK (format IN ('DAP', 'BIRP', 'SOAP')),
                sections TEXT NOT NULL CHECK (length(sections) <= \(Self.sealedBound(40_000))),
                created_at \(d.timestamp) NOT NULL,
                signed_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                signed_at \(d.timestamp) NOT NULL,
                content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64)
            )
            """,
            "CREATE INDEX signed_notes_by_engagement ON signed_notes (engagement_id, signed_at)",
            """
            CREATE TABLE note_addenda (
                id \(d.uuid) PRIMARY KEY,
                note_id \(d.uuid) NOT NULL REFERENCES signed_notes (id),
                text TEXT NOT NULL CHECK (length(text) <= \(Self.sealedBound(4000))),
                signed_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                signed_at \(d.timestamp) NOT NULL,
                content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64)
            )
            """,
            "CREATE INDEX note_addenda_by_note ON note_addenda (note_id, signed_at)",
            """
            CREATE TABLE psychotherapy_notes (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL UNIQUE REFERENCES sessions (id),
                author_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                text TEXT NOT NULL CHECK (length(text) <= \(Self.sealedBound(20_000))),
                created_at \(d.timestamp) NOT NULL,
                updated_at \(d.timestamp) NOT NULL
            )
            """,
            "ALTER TABLE accounts ADD COLUMN note_format TEXT NOT NULL DEFAULT 'DAP' CHECK (note_format IN ('DAP', 'BIRP', 'SOAP'))",
        ] + d.forbidChanges(on: "signed_notes") + d.forbidChanges(on: "note_addenda")
    }
}
