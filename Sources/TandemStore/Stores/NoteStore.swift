import Crypto
import Foundation
import SQLKit
import TandemCore

/// Progress notes: drafts (edited freely), signed notes (permanent: the database refuses any change) and their
/// signed addenda. Sections are stored as sealed JSON.
public enum NoteStore {
    /// Lower-case hex SHA-256 of the UTF-8 text: what a signature covers.
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func encode(_ sections: [NoteSection]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(sections), as: UTF8.self)
    }

    static func decode(_ json: String, table: String) throws -> [NoteSection] {
        do { return try JSONDecoder().decode([NoteSection].self, from: Data(json.utf8)) } catch {
            throw StoreError.unexpected("\(table).sections is not a list of sections")
        }
    }

    struct Row: Decodable {
        let id: UUID
        let sessionId: UUID
        let engagementId: UUID
        let authorId: UUID
        let format: String
        let sections: String
        let createdAt: Date
        let updatedAt: Date?
        let signedBy: UUID?
        let signedAt: Date?
        let contentSha256: String?
    }

    struct AddendumRow: Decodable {
        let id: UUID
        let noteId: UUID
        let text: String
        let signedBy: UUID
        let signedAt: Date
        let contentSha256: String
    }

    struct ReviewRow: Decodable {
        let id: UUID
        let noteId: UUID
        let supervisorId: UUID
        let decision: String
        let comment: String?
        let contentSha256: String
        let reviewedAt: Date
    }

    static let signedSelect: SQLQueryString = """
        SELECT id, session_id, engagement_id, author_id, format, sections, created_at, NULL AS updated_at, signed_by, signed_at, content_sha256
        FROM signed_notes
        """
    static let draftSelect: SQLQueryString = """
        SELECT id, session_id, engagement_id, author_id, format, sections, created_at, updated_at, NULL AS signed_by, NULL AS signed_at,
               NULL AS content_sha256
        FROM note_drafts
        """

    /// A session's note: the signed one if there is one, else its draft.
    public static func note(forSession id: Session.ID, on tx: Transaction) async throws -> ProgressNote? {
        if let signed = try await Self.first("\(Self.signedSelect) WHERE session_id = \(bind: id.uuid)", on: tx) { return signed }
        return try await Self.first("\(Self.draftSelect) WHERE session_id = \(bind: id.uuid)", on: tx)
    }

    /// Whether the session has a note, and whether it is signed: one statement, for the session page's link.
    public static func status(forSession id: Session.ID, on tx: Transaction) async throws -> (id: ProgressNote.ID, status: ProgressNote.Status)? {
        struct Row: Decodable {
            let id: UUID
            let status: String
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, 'signed' AS status FROM signed_notes WHERE session_id = \(bind: id.uuid)
            UNION ALL SELECT id, 'draft' AS status FROM note_drafts WHERE session_id = \(bind: id.uuid)
            """
        ).rows(Row.self)
        guard let row = rows.first(where: { $0.status == "signed" }) ?? rows.first else { return nil }
        return (.init(row.id), try .stored(row.status, table: "signed_notes", column: "status"))
    }

    /// A note by its id, signed or draft.
    public static func note(_ id: ProgressNote.ID, on tx: Transaction) async throws -> ProgressNote? {
        if let signed = try await Self.first("\(Self.signedSelect) WHERE id = \(bind: id.uuid)", on: tx) { return signed }
        return try await Self.first("\(Self.draftSelect) WHERE id = \(bind: id.uuid)", on: tx)
    }

    private static func first(_ query: SQLQueryString, on tx: Transaction) async throws -> ProgressNote? {
        guard let row = try await tx.sql.raw(query).rows(Row.self).first else { return nil }
        let signed = row.signedBy != nil
        let sealed = signed ? Sealed.signedSections : Sealed.draftSections
        let table = signed ? "signed_notes" : "note_drafts"
        var addenda: [NoteAddendum] = []
        var signature: ProgressNote.Signature?
        var reviews: [NoteReview] = []
        if let by = row.signedBy, let at = row.signedAt, let hash = row.contentSha256 {
            signature = .init(by: .init(by), at: at, contentSha256: hash)
            let rows: [AddendumRow] = try await tx.sql.raw(
                """
                SELECT id, note_id, text, signed_by, signed_at, content_sha256 FROM note_addenda WHERE note_id = \(bind: row.id)
                ORDER BY signed_at, id
                """
            ).rows(AddendumRow.self)
            addenda = try rows.map {
                NoteAddendum(
                    id: .init($0.id), noteID: .init($0.noteId), text: try tx.keys.open($0.text, Sealed.noteAddendum, row: $0.id),
                    signature: .init(by: .init($0.signedBy), at: $0.signedAt, contentSha256: $0.contentSha256))
            }
            let reviewRows: [ReviewRow] = try await tx.sql.raw(
                """
                SELECT id, note_id, supervisor_id, decision, comment, content_sha256, reviewed_at FROM note_reviews
                WHERE note_id = \(bind: row.id) ORDER BY reviewed_at, id
                """
            ).rows(ReviewRow.self)
            reviews = try reviewRows.map { r in
                NoteReview(
                    id: .init(r.id), noteID: .init(r.noteId), supervisorID: .init(r.supervisorId),
                    decision: try .stored(r.decision, table: "note_reviews", column: "decision"),
                    comment: try r.comment.map { try tx.keys.open($0, Sealed.reviewComment, row: r.id) },
                    contentSha256: r.contentSha256, at: r.reviewedAt)
            }
        }
        return ProgressNote(
            id: .init(row.id), sessionID: .init(row.sessionId), engagementID: .init(row.engagementId), authorID: .init(row.authorId),
            format: try .stored(row.format, table: table, column: "format"),
            sections: try Self.decode(try tx.keys.open(row.sections, sealed, row: row.id), table: table),
            createdAt: row.createdAt, updatedAt: row.updatedAt ?? row.signedAt ?? row.createdAt, signature: signature, addenda: addenda,
            reviews: reviews)
    }

    /// A new draft for its session, replacing an unsigned one (a draft in another format starts again from the record).
    public static func saveDraft(_ note: ProgressNote, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM note_drafts WHERE session_id = \(bind: note.sessionID.uuid)")
        try await tx.run(
            """
            INSERT INTO note_drafts (id, session_id, engagement_id, author_id, format, sections, created_at, updated_at)
            VALUES (\(bind: note.id.uuid), \(bind: note.sessionID.uuid), \(bind: note.engagementID.uuid), \(bind: note.authorID.uuid),
                    \(bind: note.format.rawValue), \(bind: try tx.keys.seal(try Self.encode(note.sections), Sealed.draftSections, row: note.id.uuid)),
                    \(bind: note.createdAt), \(bind: note.updatedAt))
            """)
    }

    /// The draft's edited sections.
    public static func updateDraft(_ id: ProgressNote.ID, sections: [NoteSection], at now: Date, on tx: Transaction) async throws {
        try await tx.run(
            """
            UPDATE note_drafts SET sections = \(bind: try tx.keys.seal(try Self.encode(sections), Sealed.draftSections, row: id.uuid)),
                updated_at = \(bind: now) WHERE id = \(bind: id.uuid)
            """)
    }

    /// Signs: the note (with its signature) into `signed_notes`, the draft gone, in the caller's transaction.
    public static func sign(_ note: ProgressNote, on tx: Transaction) async throws {
        guard let s = note.signature else { throw StoreError.unexpected("a note to sign carries its signature") }
        try await tx.run(
            """
            INSERT INTO signed_notes (id, session_id, engagement_id, author_id, format, sections, created_at, signed_by, signed_at, content_sha256)
            VALUES (\(bind: note.id.uuid), \(bind: note.sessionID.uuid), \(bind: note.engagementID.uuid), \(bind: note.authorID.uuid),
                    \(bind: note.format.rawValue), \(bind: try tx.keys.seal(try Self.encode(note.sections), Sealed.signedSections, row: note.id.uuid)),
                    \(bind: note.createdAt), \(bind: s.by.uuid), \(bind: s.at), \(bind: s.contentSha256))
            """)
        try await tx.run("DELETE FROM note_drafts WHERE id = \(bind: note.id.uuid)")
    }

    public static func addAddendum(_ a: NoteAddendum, on tx: Transaction) async throws {
        try await tx.run(
            """
            INSERT INTO note_addenda (id, note_id, text, signed_by, signed_at, content_sha256)
            VALUES (\(bind: a.id.uuid), \(bind: a.noteID.uuid), \(bind: try tx.keys.seal(a.text, Sealed.noteAddendum, row: a.id.uuid)),
                    \(bind: a.signature.by.uuid), \(bind: a.signature.at), \(bind: a.signature.contentSha256))
            """)
    }

    /// A supervisor's decision on a signed note; the database allows one co-signature a note and no later change.
    public static func addReview(_ r: NoteReview, on tx: Transaction) async throws {
        do {
            try await tx.run(
                """
                INSERT INTO note_reviews (id, note_id, supervisor_id, decision, comment, content_sha256, reviewed_at)
                VALUES (\(bind: r.id.uuid), \(bind: r.noteID.uuid), \(bind: r.supervisorID.uuid), \(bind: r.decision.rawValue),
                        \(bind: try r.comment.map { try tx.keys.seal($0, Sealed.reviewComment, row: r.id.uuid) }),
                        \(bind: r.contentSha256), \(bind: r.at))
                """)
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.conflict(code: .noteCosigned, message: "This note is already co-signed; a co-signature is given once.")
        }
    }
}

/// The note lists of Today: what awaits a supervisor's co-signature, and what a supervisor returned to its author.
extension NoteStore {
    /// A note paired with the session it records, for a list.
    public typealias Listed = (item: SessionListItem, note: ProgressNote.ID)

    static let cosigned: SQLQueryString = "EXISTS (SELECT 1 FROM note_reviews r WHERE r.note_id = n.id AND r.decision = 'cosigned')"
    /// A return no addendum has answered yet.
    static let standingReturn: SQLQueryString = """
        EXISTS (SELECT 1 FROM note_reviews r WHERE r.note_id = n.id AND r.decision = 'returned'
                AND NOT EXISTS (SELECT 1 FROM note_addenda a WHERE a.note_id = n.id AND a.signed_at > r.reviewed_at))
        """

    /// Her supervisees' signed notes, neither co-signed nor standing returned, oldest first (at most `limit`), and
    /// how many there are.
    public static func awaitingCosignature(by supervisor: Account.ID, limit: Int, on tx: Transaction) async throws -> ([Listed], Int) {
        let notes: SQLQueryString = """
            SELECT n.id, n.session_id, n.signed_at FROM signed_notes n
            JOIN supervisions v ON v.practitioner_id = n.signed_by AND v.supervisor_id = \(bind: supervisor.uuid)
            WHERE NOT \(Self.cosigned) AND NOT \(Self.standingReturn)
            """
        return try await Self.listed(notes, limit: limit, on: tx)
    }

    /// Her signed notes a supervisor returned with a comment that no addendum has answered, oldest first.
    public static func returned(to author: Account.ID, limit: Int, on tx: Transaction) async throws -> ([Listed], Int) {
        let notes: SQLQueryString = """
            SELECT n.id, n.session_id, n.signed_at FROM signed_notes n
            WHERE n.signed_by = \(bind: author.uuid) AND NOT \(Self.cosigned) AND \(Self.standingReturn)
            """
        return try await Self.listed(notes, limit: limit, on: tx)
    }

    private static func listed(_ notes: SQLQueryString, limit: Int, on tx: Transaction) async throws -> ([Listed], Int) {
        struct Note: Decodable {
            let id: UUID
            let sessionId: UUID
            let signedAt: Date
        }
        let all: [Note] = try await tx.sql.raw("\(notes) ORDER BY n.signed_at, n.id").rows(Note.self)
        let shown = all.prefix(limit)
        guard !shown.isEmpty else { return ([], all.count) }
        let rows: [SessionStore.Row] = try await tx.sql.raw("\(SessionStore.select) WHERE s.id IN (\(binds: shown.map(\.sessionId)))").rows(
            SessionStore.Row.self)
        let items = Dictionary(uniqueKeysWithValues: try await SessionStore.items(rows, on: tx).map { ($0.session.id, $0) })
        return (shown.compactMap { n in items[.init(n.sessionId)].map { ($0, ProgressNote.ID(n.id)) } }, all.count)
    }
}
