extension Migrations {
    /// Safety first: a safety alert names the administration that raised it (so its reason and answers are shown
    /// with it), and marking an alert reviewed keeps a short note of what was done (sealed, bounded like every
    /// sealed text). The practice's own crisis text, shown to a client beside a risk answer (not clinical: the
    /// practice's public words).
    static func schema0013(_ d: Dialect) -> [String] {
        [
            "ALTER TABLE alerts ADD COLUMN administration_id \(d.uuid) REFERENCES administrations (id)",
            "ALTER TABLE alerts ADD COLUMN review_note TEXT CHECK (review_note IS NULL OR length(review_note) <= \(Self.sealedBound(500)))",
            "ALTER TABLE practice ADD COLUMN crisis_text TEXT",
        ]
    }
}
