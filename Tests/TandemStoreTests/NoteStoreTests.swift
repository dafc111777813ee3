import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("Notes of record in the database")
struct NoteStoreTests {
    @Test(
        "A draft reads back and changes; once signed the database refuses any UPDATE or DELETE of the note or its addenda",
        arguments: Backend.available)
    func signedIsPermanent(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await SessionStoreTests.engagement(db)
            let s = SessionStoreTests.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(s, on: $0) }
            let draft = ProgressNote(
                id: .init(), sessionID: s.id, engagementID: e.id, authorID: f.amy.id, format: .birp,
                sections: NoteFormat.birp.titles.map { NoteSection(title: $0, text: "About \($0.lowercased()).") }, createdAt: f.now,
                updatedAt: f.now,
                signature: nil, addenda: [])
            try await db.unit { try await NoteStore.saveDraft(draft, on: $0) }
            #expect(try await db.unit { try await NoteStore.note(forSession: s.id, on: $0) } == draft)
            let edited = NoteFormat.birp.titles.map { NoteSection(title: $0, text: "Edited \($0.lowercased()).") }
            try await db.unit { try await NoteStore.updateDraft(draft.id, sections: edited, at: f.now.addingTimeInterval(60), on: $0) }
            #expect(try await db.unit { try await NoteStore.note(draft.id, on: $0) }?.sections == edited)
            let stored: [[String: String]] = try await db.sql.raw("SELECT sections FROM note_drafts").all().map {
                ["sections": try $0.decode(column: "sections", as: String.self)]
            }
            #expect(stored.allSatisfy { !($0["sections"] ?? "").contains("Edited") }, "the sections are sealed")

            let signature = ProgressNote.Signature(by: f.amy.id, at: f.now.addingTimeInterval(120), contentSha256: String(repeating: "a", count: 64))
            let signed = ProgressNote(
                id: draft.id, sessionID: s.id, engagementID: e.id, authorID: f.amy.id, format: .birp, sections: edited, createdAt: f.now,
                updatedAt: signature.at, signature: signature, addenda: [])
            try await db.unit { try await NoteStore.sign(signed, on: $0) }
            #expect(try await count("note_drafts", in: db) == 0, "the draft is gone")
            #expect(try await db.unit { try await NoteStore.note(forSession: s.id, on: $0) }?.signature == signature)
            await #expect(throws: (any Error).self, "an UPDATE of a signed note") {
                try await db.sql.raw("UPDATE signed_notes SET format = 'DAP' WHERE id = \(bind: draft.id.uuid)").run()
            }
            await #expect(throws: (any Error).self, "a DELETE of a signed note") {
                try await db.sql.raw("DELETE FROM signed_notes WHERE id = \(bind: draft.id.uuid)").run()
            }
            let addendum = NoteAddendum(id: .init(), noteID: draft.id, text: "Called on Monday.", signature: signature)
            try await db.unit { try await NoteStore.addAddendum(addendum, on: $0) }
            #expect(try await db.unit { try await NoteStore.note(draft.id, on: $0) }?.addenda == [addendum])
            await #expect(throws: (any Error).self, "an addendum is permanent too") {
                try await db.sql.raw("DELETE FROM note_addenda WHERE id = \(bind: addendum.id.uuid)").run()
            }
            #expect(try await db.unit { try await NoteStore.note(draft.id, on: $0) }?.sections == edited, "unchanged")
        }
    }
}
