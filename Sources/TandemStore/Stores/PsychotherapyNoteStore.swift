import Foundation
import SQLKit
import TandemCore

/// Psychotherapy notes: a table of their own, read only by session and only for the use case that checks its
/// author. No other gateway joins it.
public enum PsychotherapyNoteStore {
    public static func find(session id: Session.ID, on tx: Transaction) async throws -> PsychotherapyNote? {
        struct Row: Decodable {
            let id: UUID
            let sessionId: UUID
            let authorId: UUID
            let text: String
            let createdAt: Date
            let updatedAt: Date
        }
        guard
            let row = try await tx.sql.raw(
                "SELECT id, session_id, author_id, text, created_at, updated_at FROM psychotherapy_notes WHERE session_id = \(bind: id.uuid)"
            ).row(Row.self)
        else { return nil }
        return PsychotherapyNote(
            sessionID: .init(row.sessionId), authorID: .init(row.authorId), text: try tx.keys.open(row.text, Sealed.psychotherapyText, row: row.id),
            createdAt: row.createdAt, updatedAt: row.updatedAt)
    }

    /// Writes the session's note (its author's own; the use case has checked that).
    public static func save(_ note: PsychotherapyNote, on tx: Transaction) async throws {
        struct Row: Decodable { let id: UUID }
        let existing = try await tx.sql.raw("SELECT id FROM psychotherapy_notes WHERE session_id = \(bind: note.sessionID.uuid)").row(Row.self)
        if let id = existing?.id {
            try await tx.run(
                """
                UPDATE psychotherapy_notes SET text = \(bind: try tx.keys.seal(note.text, Sealed.psychotherapyText, row: id)),
                    updated_at = \(bind: note.updatedAt) WHERE id = \(bind: id)
                """)
        } else {
            let id = UUID()
            try await tx.run(
                """
                INSERT INTO psychotherapy_notes (id, session_id, author_id, text, created_at, updated_at)
                VALUES (\(bind: id), \(bind: note.sessionID.uuid), \(bind: note.authorID.uuid),
                        \(bind: try tx.keys.seal(note.text, Sealed.psychotherapyText, row: id)), \(bind: note.createdAt), \(bind: note.updatedAt))
                """)
        }
    }
}
