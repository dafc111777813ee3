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

    @Test(
        "A supervisor's account and supervisions; her reviews are sealed, listed for Today, permanent, and one co-signature a note",
        arguments: Backend.available)
    func reviews(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await SessionStoreTests.engagement(db)
            let valid = try AccountDraft(name: "Sue", email: "sue@example.org", password: "a calm river at dawn").validated(role: .supervisor)
            let sue = try await db.unit { try await AccountStore.create(valid, practiceID: f.practice.id, passwordHash: "x", at: f.now, on: $0) }
            try await db.unit { try await AccountStore.setSupervisees(of: sue.id, to: [f.amy.id, f.ben.id], at: f.now, on: $0) }
            try await db.unit { try await AccountStore.setSupervisees(of: sue.id, to: [f.amy.id], at: f.now, on: $0) }
            let found = try #require(try await db.unit { try await AccountStore.find(sue.id, on: $0) })
            #expect(found.role == .supervisor && found.supervisees == [f.amy.id], "Ben's supervision ended, Amy's stays")
            #expect(found.supervises(f.amy.id) && !found.supervises(f.ben.id))

            let s = SessionStoreTests.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(s, on: $0) }
            let signature = ProgressNote.Signature(by: f.amy.id, at: f.now.addingTimeInterval(60), contentSha256: String(repeating: "b", count: 64))
            let note = ProgressNote(
                id: .init(), sessionID: s.id, engagementID: e.id, authorID: f.amy.id, format: .dap,
                sections: NoteFormat.dap.titles.map { NoteSection(title: $0, text: $0) }, createdAt: f.now, updatedAt: signature.at,
                signature: signature, addenda: [])
            try await db.unit { try await NoteStore.sign(note, on: $0) }
            #expect(try await db.unit { try await NoteStore.awaitingCosignature(by: sue.id, limit: 10, on: $0) }.1 == 1)
            let returned = NoteReview(
                id: .init(), noteID: note.id, supervisorID: sue.id, decision: .returned, comment: "Name the plan.",
                contentSha256: String(repeating: "c", count: 64), at: f.now.addingTimeInterval(120))
            try await db.unit { try await NoteStore.addReview(returned, on: $0) }
            #expect(try await db.unit { try await NoteStore.awaitingCosignature(by: sue.id, limit: 10, on: $0) }.1 == 0)
            #expect(try await db.unit { try await NoteStore.returned(to: f.amy.id, limit: 10, on: $0) }.0.map(\.note) == [note.id])
            let stored: [String] = try await db.sql.raw("SELECT comment FROM note_reviews").all().map {
                try $0.decode(column: "comment", as: String.self)
            }
            #expect(stored.count == 1 && !stored[0].contains("plan"), "the comment is sealed")
            let cosigned = NoteReview(
                id: .init(), noteID: note.id, supervisorID: sue.id, decision: .cosigned, comment: nil,
                contentSha256: String(repeating: "d", count: 64), at: f.now.addingTimeInterval(180))
            try await db.unit { try await NoteStore.addReview(cosigned, on: $0) }
            let read = try #require(try await db.unit { try await NoteStore.note(note.id, on: $0) })
            #expect(read.reviews == [returned, cosigned] && read.cosignature == cosigned && read.standingReturn == nil)
            #expect(try await db.unit { try await NoteStore.returned(to: f.amy.id, limit: 10, on: $0) }.1 == 0)
            let second = NoteReview(
                id: .init(), noteID: note.id, supervisorID: sue.id, decision: .cosigned, comment: nil,
                contentSha256: String(repeating: "e", count: 64), at: f.now.addingTimeInterval(240))
            await #expect(throws: TandemError.conflict(code: .noteCosigned, message: "This note is already co-signed; a co-signature is given once."))
            {
                try await db.unit { try await NoteStore.addReview(second, on: $0) }
            }
            await #expect(throws: (any Error).self, "a review is permanent") {
                try await db.sql.raw("DELETE FROM note_reviews WHERE id = \(bind: returned.id.uuid)").run()
            }
            await #expect(throws: (any Error).self, "and unchangeable") {
                try await db.sql.raw("UPDATE note_reviews SET decision = 'cosigned' WHERE id = \(bind: returned.id.uuid)").run()
            }
            await #expect(throws: (any Error).self, "a role the schema does not know") {
                try await db.sql.raw("UPDATE accounts SET role = 'auditor' WHERE id = \(bind: sue.id.uuid)").run()
            }
        }
    }
}
