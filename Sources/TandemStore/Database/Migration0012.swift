extension Migrations {
    /// "How far did we get?": the client's 0–10 rating of each session, where it was given (in the room or in the
    /// portal) and when. A number, not clinical text, so not sealed; the database refuses anything outside 0–10.
    static func schema0012(_ d: Dialect) -> [String] {
        [
            "ALTER TABLE sessions ADD COLUMN how_far_rating INTEGER CHECK (how_far_rating BETWEEN 0 AND 10)",
            "ALTER TABLE sessions ADD COLUMN how_far_source TEXT CHECK (how_far_source IN ('inRoom', 'portal'))",
            "ALTER TABLE sessions ADD COLUMN how_far_at \(d.timestamp)",
        ]
    }
}
