import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// `/api/v1` routes of the note of record: draft from an ended session, read, edit, sign, add addenda, and a
/// supervisor's co-signature or return.
struct NotesAPIController: Sendable {
    let services: AppServices
    var notes: Notes { self.services.app.notes }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("sessions/:id/note") { request, context in
            let account = context.account
            let body = try await JSON.command(NewNote.self, request, context: context)
            let record = try await self.notes.draft(try context.id(), format: body.format, by: account)
            var response = try JSON.response(NoteJSON(record.note), status: .created)
            response.headers[.location] = "/api/v1/notes/\(record.note.id)"
            return response
        }
        api.get("sessions/:id/note") { _, context in
            let account = context.account
            guard let record = try await self.notes.forSession(try context.id(), for: account) else {
                throw TandemError.notFound("A note of this session")
            }
            return try JSON.response(NoteJSON(record.note))
        }
        api.get("notes/:id") { _, context in
            let account = context.account
            return try JSON.response(NoteJSON(try await self.notes.note(try context.id(), for: account).note))
        }
        api.patch("notes/:id") { request, context in
            let account = context.account
            let body = try await JSON.command(NoteEdit.self, request, context: context)
            return try JSON.response(NoteJSON(try await self.notes.edit(try context.id(), sections: body.typed, by: account).note))
        }
        api.post("notes/:id/sign") { request, context in
            let account = context.account
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            return try JSON.response(NoteJSON(try await self.notes.sign(try context.id(), by: account).note))
        }
        api.put("sessions/:id/psychotherapy-note") { request, context in
            let account = context.account
            let body = try await JSON.command(Text.self, request, context: context)
            let note = try await self.services.app.psychotherapyNotes.put(try context.id(), text: body.text, by: account)
            return try JSON.response(PsychotherapyNoteJSON(note))
        }
        api.get("sessions/:id/psychotherapy-note") { _, context in
            let account = context.account
            guard let note = try await self.services.app.psychotherapyNotes.read(try context.id(), by: account) else {
                throw TandemError.notFound("A psychotherapy note of yours on this session")
            }
            return try JSON.response(PsychotherapyNoteJSON(note))
        }
        api.post("notes/:id/addenda") { request, context in
            let account = context.account
            let body = try await JSON.command(Text.self, request, context: context)
            let addendum = try await self.notes.addAddendum(try context.id(), text: body.text, by: account)
            return try JSON.response(NoteJSON.AddendumJSON(addendum), status: .created)
        }
        api.post("notes/:id/cosign") { request, context in
            let account = context.account
            let body = try await JSON.command(NoteReviewCommand.self, request, context: context, allowEmpty: true)
            let record = try await self.notes.review(try context.id(), decision: body.decision, comment: body.comment, by: account)
            return try JSON.response(NoteJSON(record.note))
        }
    }
}
