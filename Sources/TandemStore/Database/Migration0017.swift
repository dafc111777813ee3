import SQLKit

extension Migrations {
    /// Supervision: an account may be a `supervisor`; `supervisions` says whom she supervises (the owner assigns
    /// them); `note_reviews` keeps each supervisor's decision on a signed note, a co-signature (with the SHA-256 of
    /// the note she co-signed) or a return with a comment, permanent like the note, and at most one co-signature a note.
    static func schema0017(_ d: Dialect) -> [String] {
        let roles = "role IN ('owner', 'practitioner', 'supervisor')"
        let role: [String] =
            d == .postgres
            ? [
                "ALTER TABLE accounts DROP CONSTRAINT accounts_role_check",
                "ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (\(roles))",
            ]
            : []
        return role + [
            """
            CREATE TABLE supervisions (
                supervisor_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                practitioner_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                created_at \(d.timestamp) NOT NULL,
                PRIMARY KEY (supervisor_id, practitioner_id),
                CHECK (supervisor_id <> practitioner_id)
            )
            """,
            "CREATE INDEX supervisions_by_practitioner ON supervisions (practitioner_id)",
            // Today lists a practitioner's returned notes, and a supervisor's supervisees' notes, by signer.
            "CREATE INDEX signed_notes_by_signer ON signed_notes (signed_by, signed_at)",
            """
            CREATE TABLE note_reviews (
                id \(d.uuid) PRIMARY KEY,
                note_id \(d.uuid) NOT NULL REFERENCES signed_notes (id),
                supervisor_id \(d.uuid) NOT NULL REFERENCES accounts (id),
                decision TEXT NOT NULL CHECK (decision IN ('cosigned', 'returned')),
                comment TEXT CHECK (comment IS NULL OR length(comment) <= \(Self.sealedBound(2000))),
                content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
                reviewed_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX note_reviews_by_note ON note_reviews (note_id, reviewed_at)",
            "CREATE UNIQUE INDEX note_reviews_one_cosignature ON note_reviews (note_id) WHERE decision = 'cosigned'",
        ] + d.forbidChanges(on: "note_reviews")
    }

    /// SQLite cannot change a CHECK in place: the accounts table's definition is edited (as 0011 added its bounds),
    /// and the schema version bumped so every open connection reads it. Rebuilding the table instead would mean
    /// turning foreign keys off, which a transaction cannot do.
    @Sendable static func supervisorRole0017(_ d: Dialect, _ db: any SQLDatabase) async throws {
        guard d == .sqlite else { return }
        struct Version: Decodable { let schemaVersion: Int }
        struct Definition: Decodable { let sql: String }
        let old = "role IN ('owner', 'practitioner')"
        guard
            let definition = try await db.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").first(
                decoding: Definition.self, with: snakeCaseRows),
            definition.sql.components(separatedBy: old).count == 2
        else { throw StoreError.unexpected("the accounts table has no single role CHECK to widen") }
        let edited = definition.sql.replacingOccurrences(of: old, with: "role IN ('owner', 'practitioner', 'supervisor')")
        let version = try await db.raw("PRAGMA schema_version").first(decoding: Version.self, with: snakeCaseRows)?.schemaVersion ?? 0
        try await db.raw("PRAGMA writable_schema = ON").run()
        try await db.raw("UPDATE sqlite_master SET sql = \(bind: edited) WHERE type = 'table' AND name = 'accounts'").run()
        try await db.raw("PRAGMA schema_version = \(unsafeRaw: String(version + 1))").run()
        try await db.raw("PRAGMA writable_schema = OFF").run()
    }
}
