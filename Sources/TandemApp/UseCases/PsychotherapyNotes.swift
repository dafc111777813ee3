import Foundation
import TandemCore
import TandemStore

/// Psychotherapy notes (45 CFR 164.501): written by the engagement's holder on a session of it; read by their author
/// and nobody else — the owner and the client's practitioner included get not-found, as if there were none. Every
/// read and write is audited in its own category (`psychotherapy-note.*`), with no text in the event.
public struct PsychotherapyNotes: Sendable {
    let app: App

    /// Writes (or replaces) her psychotherapy note on the session.
    public func put(_ session: Session.ID, text: String?, by actor: Account) async throws -> PsychotherapyNote {
        let now = self.app.now
        return try await self.app.unit { tx in
            let context = try await Sessions.readable(session, for: actor, need: .write, at: now, on: tx)
            let existing = try await PsychotherapyNoteStore.find(session: session, on: tx)
            if let existing, !existing.readable(by: actor.id) {
                throw TandemError.forbidden("This session's psychotherapy note is another practitioner's: only its author reads or changes it.")
            }
            let text = try PsychotherapyNote.validated(text)
            let note = PsychotherapyNote(
                sessionID: context.session.id, authorID: actor.id, text: text, createdAt: existing?.createdAt ?? now, updatedAt: now)
            try await PsychotherapyNoteStore.save(note, on: tx)
            try await AuditStore.append(
                .engagement(.psychotherapyNoteWritten, session.description, type: "psychotherapy-note", by: actor.id, at: now), on: tx)
            return note
        }
    }

    /// Her psychotherapy note on the session, or nil: none, or another's (which she may not learn exists).
    public func read(_ session: Session.ID, by actor: Account) async throws -> PsychotherapyNote? {
        let now = self.app.now
        return try await self.app.unit { tx in
            _ = try await Sessions.readable(session, for: actor, need: .read, at: now, on: tx)
            guard let note = try await PsychotherapyNoteStore.find(session: session, on: tx) else { return nil }
            guard note.readable(by: actor.id) else {
                try await AuditStore.append(
                    .engagement(.psychotherapyNoteViewed, session.description, type: "psychotherapy-note", by: actor.id, at: now, outcome: .denied),
                    on: tx)
                return nil
            }
            try await AuditStore.append(
                .engagement(.psychotherapyNoteViewed, session.description, type: "psychotherapy-note", by: actor.id, at: now), on: tx)
            return note
        }
    }
}
