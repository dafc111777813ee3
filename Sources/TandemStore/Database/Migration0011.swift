import SQLKit

extension Migrations {
    /// Every bounded column that holds ciphertext gets a database bound too. A sealed value is `e<generation>:` and
    /// the base64 of a 12-byte nonce, the UTF-8 text (at most 4 bytes a Unicode scalar) and a 16-byte tag, so a text
    /// of n scalars seals to at most `sealedBound(n)` characters; a value over that was never made by Tandem. Rows
    /// already stored are not re-checked (PostgreSQL: NOT VALID; SQLite checks new writes only).
    static let sealedLimits: [(table: String, column: String, scalars: Int)] = [
        ("clients", "display_name", 200), ("clients", "email", 254), ("clients", "phone", 30), ("clients", "date_of_birth", 10),
        ("client_accounts", "email", 254), ("engagements", "paused_reason", 1000), ("screenings", "override_reason", 2000),
        ("boundary_crossings", "rationale", 4000), ("boundary_crossings", "client_response", 4000), ("boundary_incidents", "description", 4000),
        ("boundary_addenda", "text", 4000), ("sessions", "agreement_client_words", 1000), ("sessions", "agreement_focus", 1000),
        ("sessions", "agreement_skip_reason", 500), ("sessions", "progress_notes", 4000), ("sessions", "client_intention", 1000),
        ("markers", "text", 500), ("redirects", "note", 500), ("takeaways", "text", 1000), ("action_steps", "text", 500),
        ("action_steps", "review_client_words", 1000), ("action_steps", "client_note", 500), ("session_addenda", "text", 4000),
        ("goal_scales", "goal", 500), ("goal_scales", "level_minus2", 300), ("goal_scales", "level_minus1", 300), ("goal_scales", "level_0", 300),
        ("goal_scales", "level_plus1", 300), ("goal_scales", "level_plus2", 300), ("second_factors", "secret", 64),
    ]

    /// The longest sealed form of a text of `scalars` Unicode scalars (a generation of up to four digits).
    static func sealedBound(_ scalars: Int) -> Int { 6 + 4 * ((28 + 4 * scalars + 2) / 3) }

    static func schema0011(_ d: Dialect) -> [String] {
        guard d == .postgres else { return [] }
        return Self.sealedLimits.map { limit in
            "ALTER TABLE \(limit.table) ADD CONSTRAINT \(Self.boundName(limit)) CHECK (\(Self.boundCheck(limit))) NOT VALID"
        }
    }

    static func boundName(_ limit: (table: String, column: String, scalars: Int)) -> String { "\(limit.table)_\(limit.column)_bound" }

    static func boundCheck(_ limit: (table: String, column: String, scalars: Int)) -> String {
        "\(limit.column) IS NULL OR length(\(limit.column)) <= \(Self.sealedBound(limit.scalars))"
    }

    /// SQLite cannot add a CHECK to a table; its definition is edited in place instead, each bound appended as a
    /// table constraint (the way 0008 removed the text-length CHECKs), and the schema version bumped so every open
    /// connection reads the new definition. SQLite does not re-check stored rows when the definition changes.
    @Sendable static func addSealedBounds0011(_ d: Dialect, _ db: any SQLDatabase) async throws {
        guard d == .sqlite else { return }
        struct Version: Decodable { let schemaVersion: Int }
        struct Definition: Decodable { let sql: String }
        let version = try await db.raw("PRAGMA schema_version").first(decoding: Version.self, with: snakeCaseRows)?.schemaVersion ?? 0
        try await db.raw("PRAGMA writable_schema = ON").run()
        for table in Set(Self.sealedLimits.map(\.table)).sorted() {
            guard
                let definition = try await db.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)").first(
                    decoding: Definition.self, with: snakeCaseRows),
                let close = definition.sql.lastIndex(of: ")")
            else { throw StoreError.unexpected("table \(table) has no definition to add its bounds to") }
            let constraints = Self.sealedLimits.filter { $0.table == table }.map {
                ", CONSTRAINT \(Self.boundName($0)) CHECK (\(Self.boundCheck($0)))"
            }
            let edited = String(definition.sql[..<close]) + constraints.joined() + String(definition.sql[close...])
            try await db.raw("UPDATE sqlite_master SET sql = \(bind: edited) WHERE type = 'table' AND name = \(bind: table)").run()
        }
        try await db.raw("PRAGMA schema_version = \(unsafeRaw: String(version + 1))").run()
        try await db.raw("PRAGMA writable_schema = OFF").run()
    }
}
